export PATH=$PATH:/usr/local/cuda/bin
time timeout 280 bash .device/san.sh san-recipes memcheck,racecheck
time timeout 280 bash .device/san.sh san-suite memcheck,racecheck
cd .device && timeout 60 compute-sanitizer --tool synccheck bin/gemm-run --self-test 2>&1 | tail -4
