export PATH=$PATH:/usr/local/cuda/bin
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export HOPGEMM_KERNEL_DIR=$PWD/.device/grouped
export PYTHONUNBUFFERED=1
G=.device/grouped
run() { k=$1; shift; echo "== $k $*"; .device/bin/gemm-run $G/$k.ptx --check --repeat 3 "$@" 2>&1 | grep -E "groups:|canary|determinism|unwritten|PASS|FAIL|error"; }
( run grouped_m_contiguous_n200_k384 --m 512 --groups 4
run grouped_m_contiguous_n200_k384 --m 1024 --groups 8
run grouped_m_contiguous_n200_k384 --m 128 --groups 1
run grouped_m_contiguous_n200_k384 --m 2048 --groups 5
run grouped_m_contiguous_n4096_k7168 --m 1024 --groups 3
run grouped_m_masked_n200_k384 --m 128 --groups 4
run grouped_m_masked_n200_k384 --m 256 --groups 8
run grouped_m_masked_n200_k384 --m 384 --groups 3
run grouped_m_contiguous_n4096_k7168 --m 4096 --groups 8
run grouped_m_contiguous_n4096_k7168 --m 32768 --groups 4
run grouped_m_masked_n4096_k7168 --m 1024 --groups 4
run grouped_m_masked_n7168_k2048 --m 256 --groups 4
for t in memcheck racecheck; do for k in grouped_m_contiguous_n200_k384 grouped_m_masked_n200_k384; do echo "== $t $k"; compute-sanitizer --tool $t --error-exitcode 99 .device/bin/gemm-run $G/$k.ptx --m 512 --groups 4 --check 2>&1 | grep -E "PASS|FAIL|ERROR SUMMARY|RACECHECK SUMMARY|error"; done; done ) > $OUT/grouped-check.txt 2>&1; cat $OUT/grouped-check.txt
timeout 240 python3 benchmarks/bench_grouped.py --peers .device/peers.py --json $OUT/bench-grouped.json > $OUT/bench-grouped.txt 2>&1; echo "bench rc=$?"; cat $OUT/bench-grouped.txt
