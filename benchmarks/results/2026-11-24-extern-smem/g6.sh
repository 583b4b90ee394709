# Session 6, call 6: with the .extern kernels: the API against gemm-run (alternating rounds), the DeepSeek table.
export PATH=$PATH:/usr/local/cuda/bin
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python HOPGEMM_KERNEL_DIR=$PWD/.device/t5 PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 330 python3 benchmarks/fp8_gemm_nt_check.py --gemm-run .device/bin/gemm-run --peers .device/peers.py --rounds 5 > $OUT/api.txt 2>&1; echo "api rc=$?"; cat $OUT/api.txt
timeout 230 python3 benchmarks/bench.py --kernels .device/t5 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json --png $OUT/performance.png > $OUT/bench.txt 2>&1; echo "bench rc=$?"; tail -n 16 $OUT/bench.txt
