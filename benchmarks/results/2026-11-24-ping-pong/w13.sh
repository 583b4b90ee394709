# fp8_gemm_nt's large-M kernels with tile N 192 (dynamic M, turns): suite at ragged M, then against the general kernel and the peers at M = 4096, interleaved.
set -u
R=$PWD/.device/bin/gemm-run
timeout 100 python3 test/gpu/run_suite.py --kernels .device/tn --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite-tn.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-tn.txt
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 200 python3 benchmarks/bench_variants.py --kernels .device/tn --peers .device/peers.py --rounds 3 --m 4096 > $OUT/tn.txt 2>&1; echo "variants rc=$?"
grep -E "^[0-9]+ x|fp8_" $OUT/tn.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split 1 +//; s/ours\/best-peer/r/' | cut -c1-140
