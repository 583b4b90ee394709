# 4-stage heuristic: the DeepSeek table against the peers (one process), correctness suites, other recipes vs cuBLAS(Lt).
set -u
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 300 python3 benchmarks/bench.py --kernels .device/t4 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json --png $OUT/performance.png > $OUT/bench.txt 2>&1; echo "bench rc=$?"; tail -n 16 $OUT/bench.txt
timeout 120 python3 test/gpu/run_suite.py --kernels .device/t4 --gemm-run .device/bin/gemm-run --m 1,37,128,1000,4096 --repeat 2 --timeout 60 > $OUT/suite-t4.txt 2>$OUT/suite-t4.err; echo "suite t4 rc=$?"; tail -n 1 $OUT/suite-t4.txt
timeout 120 python3 test/gpu/run_suite.py --kernels .device/s4 --gemm-run .device/bin/gemm-run --m 127,1000 --repeat 2 --timeout 60 > $OUT/suite-s4.txt 2>$OUT/suite-s4.err; echo "suite s4 rc=$?"; tail -n 1 $OUT/suite-s4.txt
timeout 150 python3 benchmarks/bench_recipes.py --kernels .device/rb4 --peers .device/peers.py --recipes tensor,row,bf16 --m 4096 --json $OUT/recipes.json > $OUT/recipes.txt 2>&1; echo "recipes rc=$?"; tail -n 22 $OUT/recipes.txt
