# fp8_gemm_nt (Python API) vs gemm-run on the same kernel file, DeepSeek shapes (tuned kernels at M = 128).
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/tuned2 PYTHONPATH=$PWD/python
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 500 python3 benchmarks/fp8_gemm_nt_check.py --gemm-run .device/bin/gemm-run --peers .device/peers.py > $OUT/api-check.txt 2>&1; cat $OUT/api-check.txt
