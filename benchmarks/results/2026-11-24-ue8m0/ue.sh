export PATH=$PATH:/usr/local/cuda/bin
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/api
R=$PWD/.device/bin/gemm-run
echo "=== gemm-run --self-test (GPU reference against the CPU reference, incl. UE8M0 cases)"
timeout 120 $R --self-test --seed 7 2>&1 | tail -14
echo "=== run_suite: UE8M0 byte-scale kernels"
timeout 200 python3 test/gpu/run_suite.py --kernels .device/ue --gemm-run $R --m 1,127,1000,4096 --repeat 2 --timeout 60 2>/dev/null | tail -16
echo "=== run_suite: small UE8M0 kernels, memcheck + racecheck"
timeout 200 python3 test/gpu/run_suite.py --kernels .device/ues --gemm-run $R --m 127 --repeat 1 --sanitize --timeout 90 2>/dev/null | grep -E "memcheck|racecheck|cases"
echo "=== pytest GPU tests (fp8_gemm_nt incl. byte scales, M- and K-grouped)"
timeout 200 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py test/python/test_gpu_grouped.py 2>&1 | tail -4
