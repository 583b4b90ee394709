export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export HOPGEMM_KERNEL_DIR=$PWD/.device/api
export PYTHONUNBUFFERED=1
timeout 100 python3 benchmarks/api_overhead.py --peers .device/peers.py > $OUT/api-overhead.txt 2>&1; head -5 $OUT/api-overhead.txt
timeout 150 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py test/python/test_gpu_grouped.py > $OUT/pytest-gpu.txt 2>&1; tail -3 $OUT/pytest-gpu.txt
timeout 300 python3 benchmarks/fp8_gemm_nt_check.py --gemm-run .device/bin/gemm-run --peers .device/peers.py > $OUT/api.txt 2>&1; echo rc=$?; cat $OUT/api.txt
