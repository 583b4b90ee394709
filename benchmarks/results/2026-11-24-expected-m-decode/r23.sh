# Python GPU tests after the relaunch change (stream looked up only for a remembered call).
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
HOPGEMM_KERNEL_DIR=$PWD/.device/api2 timeout 200 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py test/python/test_gpu_grouped.py 2>&1 | tail -n 4
HOPGEMM_KERNEL_DIR=$PWD/.device/bf16 timeout 120 python3 -m pytest -q test/python/test_gpu_bf16.py 2>&1 | tail -n 2
