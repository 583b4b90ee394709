# Session 12: tn192 dynamic-M kernels (suite, sanitizers), GPU pytest incl. CUDA graphs, bench with the precompiled tuned set, decode step eager vs graph.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu,power.draw --format=csv,noheader
timeout 120 python3 test/gpu/run_suite.py --kernels .device/t13w --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite-tn192.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-tn192.txt; grep -i fail $OUT/suite-tn192.txt | head -5
timeout 150 python3 test/gpu/run_suite.py --kernels .device/t13ws --gemm-run $R --m 37 --repeat 1 --sanitize --sanitize-tools memcheck,racecheck,synccheck --timeout 60 > $OUT/san-tn192.txt 2>&1; echo "sanitize rc=$?"; tail -n 1 $OUT/san-tn192.txt; grep -i fail $OUT/san-tn192.txt | head -5
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
HOPGEMM_KERNEL_DIR=$PWD/.device/api3 timeout 200 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py > $OUT/pytest-fp8.txt 2>&1; echo "pytest rc=$?"; tail -n 3 $OUT/pytest-fp8.txt
HOPGEMM_KERNEL_DIR=$PWD/.device/t13 timeout 200 python3 benchmarks/decode_graph.py --peers .device/peers.py --json $OUT/decode-graph.json > $OUT/decode-graph.txt 2>&1; echo "decode_graph rc=$?"; cat $OUT/decode-graph.txt
timeout 150 python3 benchmarks/bench.py --kernels .device/t13 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json > $OUT/bench.txt 2>&1; echo "bench rc=$?"
grep -E "^ +[0-9]" $OUT/bench.txt | awk '{print $1, $2, $3, $4, $7, $8, $9, $12, $13}'; tail -n 3 $OUT/bench.txt | head -1
