# Session 6, call 9: the final revision's kernels (gen-kernels --set suite and --set grouped, full size), checked suite.
export PATH=$PATH:/usr/local/cuda/bin
G=.device/bin/gemm-run
timeout 300 python3 test/gpu/run_suite.py --kernels .device/fsuite --gemm-run $G --m 1,64,127,128,1000,4096 --repeat 2 --timeout 60 > $OUT/suite-final.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-final.txt
timeout 200 python3 test/gpu/run_suite.py --kernels .device/fgrouped --gemm-run $G --repeat 2 --timeout 60 > $OUT/grouped-final.txt 2>&1; echo "grouped rc=$?"; tail -n 1 $OUT/grouped-final.txt
