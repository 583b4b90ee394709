# Decode table with the swap_ab heuristic (peers in one process), then the recipe suite with the new compiler.
set -u
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
S=""; for m in 1 16 32 64 128; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do S="$S,${m}x$nk"; done; done
timeout 300 python3 benchmarks/bench.py --kernels .device/t6n --decode-kernels .device/static2 --peers .device/peers.py --shapes ${S#,} --json $OUT/bench-decode.json > $OUT/bench-decode.txt 2>&1; echo "bench rc=$?"; tail -n 34 $OUT/bench-decode.txt
timeout 260 python3 test/gpu/run_suite.py --kernels .device/rec2 --gemm-run .device/bin/gemm-run --m 1,37,1000 --repeat 2 --timeout 60 > $OUT/suite-recipes.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-recipes.txt; grep FAIL $OUT/suite-recipes.txt | head
