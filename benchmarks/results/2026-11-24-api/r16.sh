export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export HOPGEMM_KERNEL_DIR=$PWD/.device/api
timeout 150 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py test/python/test_gpu_grouped.py > $OUT/pytest-gpu.txt 2>&1; tail -3 $OUT/pytest-gpu.txt
