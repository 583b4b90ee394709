export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export HOPGEMM_KERNEL_DIR=$PWD/.device/api
export PYTHONUNBUFFERED=1
timeout 200 python3 benchmarks/api_overhead.py --peers .device/peers.py > $OUT/api-overhead.txt 2>&1; echo rc=$?; cat $OUT/api-overhead.txt | cut -c1-150
