export PATH=$PATH:/usr/local/cuda/bin
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/api
echo "=== pytest GPU tests (fp8_gemm_nt, M- and K-grouped)"
timeout 200 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py test/python/test_gpu_grouped.py 2>&1 | tail -3
echo "=== run_suite: grouped set"
timeout 240 python3 test/gpu/run_suite.py --kernels .device/grouped --gemm-run .device/bin/gemm-run --repeat 2 --timeout 60 2>/dev/null | tail -45
echo "=== run_suite: grouped set, small, memcheck + racecheck"
timeout 300 python3 test/gpu/run_suite.py --kernels .device/grouped-small --gemm-run .device/bin/gemm-run --repeat 1 --sanitize --timeout 90 2>/dev/null | grep -E "memcheck|racecheck|cases" 
