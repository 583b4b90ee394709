# Session 11: B-scale product moved after the wgmmas (item 32): suite + sanitizers, old/new interleaved, power/clock of ours vs cuBLASLt.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu,power.limit --format=csv,noheader
timeout 150 python3 test/gpu/run_suite.py --kernels .device/su11 --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite.txt; grep -i fail $OUT/suite.txt | head -5
timeout 150 python3 test/gpu/run_suite.py --kernels .device/su11s --gemm-run $R --m 37 --repeat 1 --sanitize --sanitize-tools memcheck,racecheck,synccheck --timeout 60 > $OUT/san.txt 2>&1; echo "sanitize rc=$?"; tail -n 1 $OUT/san.txt; grep -i fail $OUT/san.txt | head -5
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
timeout 100 python3 benchmarks/power.py --kernels .device/st11 --peers .device/peers.py --shapes 4096x7168x16384,8192x8192x8192,4096x2112x7168 --seconds 3 --rounds 2 > $OUT/power.txt 2>&1; echo "power rc=$?"; cat $OUT/power.txt
timeout 330 python3 benchmarks/bench_variants.py --kernels .device/ab11 --peers .device/peers.py --rounds 3 --json $OUT/ab.json > $OUT/ab.txt 2>&1; echo "variants rc=$?"
grep -E "^[0-9]+ x|_m[0-9]" $OUT/ab.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split 1 +//; s/ours\/best-peer/r/' | cut -c1-110
