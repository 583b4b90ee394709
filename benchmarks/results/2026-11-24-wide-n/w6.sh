# After the heuristic change: narrow N correctness, the tuned kernels' correctness, bench.py with the peers, ncu of the 128- and 192-column tiles.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 60 python3 test/gpu/run_suite.py --kernels .device/new --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite-n104.txt 2>&1; echo "suite n104 rc=$?"; tail -n 1 $OUT/suite-n104.txt
timeout 60 python3 test/gpu/run_suite.py --kernels .device/news --gemm-run $R --m 37 --repeat 1 --sanitize --timeout 60 > $OUT/san-n104.txt 2>&1; echo "sanitize rc=$?"; tail -n 1 $OUT/san-n104.txt
timeout 200 python3 test/gpu/run_suite.py --kernels .device/t8 --gemm-run $R --m 1,37,128,1000,4096 --repeat 1 --timeout 30 > $OUT/suite-t8.txt 2>&1; echo "suite t8 rc=$?"; grep -c PASS $OUT/suite-t8.txt; grep -i fail $OUT/suite-t8.txt | head; tail -n 1 $OUT/suite-t8.txt
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 200 python3 benchmarks/bench.py --kernels .device/t8 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json --png $OUT/performance.png > $OUT/bench.txt 2>&1; echo "bench rc=$?"; cat $OUT/bench.txt | tail -22
S="--section SpeedOfLight --section ComputeWorkloadAnalysis --section WarpStateStats"
for v in t128 tn192; do timeout 60 ncu --clock-control none $S -k regex:wn_ -c 1 $R .device/wn/wn_${v}_m4096_n7168_k16384.ptx --m 4096 --bench --iters 1 --warmup 1 > $OUT/ncu_$v.txt 2>&1; echo "ncu $v rc=$?"; grep -E "Duration|Compute \(SM\) Throughput|Memory Throughput|L2 Cache Throughput|Issue Slots Busy|Executed Ipc A|Stall|Warp Cycles Per Issued" $OUT/ncu_$v.txt | head -14; done
