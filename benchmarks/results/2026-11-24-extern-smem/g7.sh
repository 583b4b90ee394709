# Session 6, call 7: the API against gemm-run, both timed by gemm-run's loop, alternating rounds (.extern kernels).
export PATH=$PATH:/usr/local/cuda/bin
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python HOPGEMM_KERNEL_DIR=$PWD/.device/t5 PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 500 python3 benchmarks/fp8_gemm_nt_check.py --gemm-run .device/bin/gemm-run --peers .device/peers.py --rounds 3 > $OUT/api.txt 2>&1; echo "api rc=$?"; cat $OUT/api.txt
