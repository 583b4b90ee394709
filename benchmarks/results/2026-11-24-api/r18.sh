export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export HOPGEMM_KERNEL_DIR=$PWD/.device/api
export PYTHONUNBUFFERED=1
timeout 500 python3 benchmarks/fp8_gemm_nt_check.py --gemm-run .device/bin/gemm-run --peers .device/peers.py > $OUT/api.txt 2>&1; echo rc=$?; cat $OUT/api.txt
