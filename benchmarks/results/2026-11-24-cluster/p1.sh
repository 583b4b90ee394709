# ncu: ours vs cuBLASLt at M=4096 (SOL, memory, compute, warp state).
set -u
nvidia-smi --query-gpu=name,clocks.sm --format=csv,noheader
S="--section SpeedOfLight --section MemoryWorkloadAnalysis --section ComputeWorkloadAnalysis --section WarpStateStats --section SchedulerStats --section LaunchStats"
for nk in 7168x16384 4096x7168; do
  n=${nk%x*}; k=${nk#*x}
  timeout 120 ncu --clock-control none $S -k regex:fp8_ -c 1 .device/bin/gemm-run .device/api/fp8_n${n}_k${k}.ptx --m 4096 --bench --iters 1 --warmup 1 > $OUT/ours_$nk.txt 2>&1; echo "ours $nk rc=$?"
  timeout 120 ncu --clock-control none $S -k regex:'sm90|gemm|cutlass|xmma' -c 1 --launch-skip 1 python3 .device/prof.py 4096x$nk > $OUT/cublaslt_$nk.txt 2>&1; echo "lt $nk rc=$?"
done
for f in $OUT/*.txt; do echo "== $f"; grep -E "^  [a-zA-Z].*(sm90|fp8_|gemm|cutlass)|Duration|Throughput|L2 Hit|Executed Ipc A|Issue Slots Busy|No Eligible|Registers Per|Cluster|Grid Size|Block Size|Warp Cycles Per Issued" $f | head -40; done
