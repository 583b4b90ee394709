# Final tables: bench.py with the kernels fp8_gemm_nt runs (dynamic M) and with static-M kernels (as a JIT compiles them); their correctness; ncu of two decode kernels.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 150 python3 test/gpu/run_suite.py --kernels .device/st9 --gemm-run $R --m 1,37,128,1000,4096 --repeat 1 --timeout 30 > $OUT/suite-st9.txt 2>&1; echo "suite st9 rc=$?"; tail -n 1 $OUT/suite-st9.txt
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
timeout 150 python3 benchmarks/bench.py --kernels .device/t9 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json --png $OUT/performance.png > $OUT/bench.txt 2>&1; echo "bench rc=$?"
timeout 150 python3 benchmarks/bench.py --kernels .device/t9 --decode-kernels .device/st9 --peers .device/peers.py --shapes deepseek --json $OUT/bench-static.json --png $OUT/performance-static.png > $OUT/bench-static.txt 2>&1; echo "bench static rc=$?"
for f in bench bench-static; do grep -E "^ +[0-9]" $OUT/$f.txt | awk '{print $1, $2, $3, $4, $7, $8, $9, $12}'; tail -n 3 $OUT/$f.txt | head -1; done
S="--section SpeedOfLight --section MemoryWorkloadAnalysis --section WarpStateStats --section SchedulerStats"
for k in fp8_m32_n32768_k512:32 fp8_m1_n7168_k16384:1; do n=${k%%:*}; m=${k##*:}; timeout 60 ncu --clock-control none $S -k regex:fp8_ -c 1 $R .device/dec/$n.ptx --m $m --bench --iters 1 --warmup 1 > $OUT/ncu_$n.txt 2>&1; echo "ncu $n rc=$?"; grep -E "Duration|DRAM Throughput|Memory Throughput|L2 Cache Throughput|Issue Slots Busy|Warp Cycles Per Issued|Active Warps Per Scheduler|No Eligible" $OUT/ncu_$n.txt | head -12; done
