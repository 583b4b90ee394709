export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/pykernels
timeout 200 python3 -m pytest -q -x test/python/test_gpu_grouped.py -k "k_grouped" 2>&1 | grep -E "Error|error|assert|^E " | head -30
timeout 200 python3 -m pytest -q test/python/test_gpu_grouped.py -k "k_grouped" -rA 2>&1 | grep -E "PASS|FAIL" | head -30
