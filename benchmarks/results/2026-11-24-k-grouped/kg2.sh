export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/pykernels
echo "=== pytest K-grouped GPU tests"
timeout 200 python3 -m pytest -q test/python/test_gpu_grouped.py -k k_grouped 2>&1 | tail -5
echo "=== bench_grouped.py"
timeout 350 python3 benchmarks/bench_grouped.py --peers .device/peers.py --json $OUT/bench-grouped.json 2>&1 | tail -20
