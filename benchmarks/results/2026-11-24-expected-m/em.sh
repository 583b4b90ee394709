export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/api
timeout 150 python3 -m pytest -q test/python/test_gpu_grouped.py -rA 2>&1 | grep -E "PASS|FAIL|passed|failed"
timeout 200 python3 .device/masked2.py
