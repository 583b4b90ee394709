# Session 12: tile [192, 128] with three math warpgroups (experiment): suite, sanitizers, interleaved against the heuristic's static kernels.
set -u
R=$PWD/.device/bin/gemm-run
timeout 150 python3 test/gpu/run_suite.py --kernels .device/t192 --gemm-run $R --repeat 2 --timeout 60 > $OUT/suite-t192.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-t192.txt; grep -i fail $OUT/suite-t192.txt | head -5
timeout 150 python3 test/gpu/run_suite.py --kernels .device/t192s --gemm-run $R --repeat 1 --sanitize --sanitize-tools memcheck,racecheck,synccheck --timeout 60 > $OUT/san-t192.txt 2>&1; echo "sanitize rc=$?"; tail -n 1 $OUT/san-t192.txt; grep -i fail $OUT/san-t192.txt | head -5
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
timeout 300 python3 benchmarks/bench_variants.py --kernels .device/ab192 --peers .device/peers.py --rounds 3 --json $OUT/ab192.json > $OUT/ab192.txt 2>&1; echo "variants rc=$?"
grep -E "^[0-9]+ x|t192|fp8_" $OUT/ab192.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split 1 +//; s/ours\/best-peer/r/' | cut -c1-130
