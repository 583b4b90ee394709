# Session 12: 256x128 vs 128x128 tile at 4096x7168x16384: SASS of the main loops, gemm-run timing, ncu tensor-pipe use and warp states.
set -u
R=$PWD/.device/bin/gemm-run
L=.device/lt13
for v in t128 t256; do cuobjdump --dump-sass $L/lt_$v.cubin > $OUT/sass-$v.txt 2>&1; done
for r in 1 2; do for v in t128 t256; do echo "$v round $r: $($R $L/lt_${v}_m4096_n7168_k16384.ptx --m 4096 --bench --iters 300 --warmup 100 2>&1 | grep -E 'TFLOPS|ms' | head -1)"; done; done
for v in t128 t256; do
timeout 200 ncu --section SpeedOfLight --section WarpStateStats --section ComputeWorkloadAnalysis --metrics sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_active,sm__inst_executed_pipe_fma.avg.pct_of_peak_sustained_active -k regex:lt_ -c 1 $R $L/lt_${v}_m4096_n7168_k16384.ptx --m 4096 --bench --iters 1 --warmup 1 > $OUT/ncu-$v.txt 2>&1; echo "ncu $v rc=$?"
grep -E "Duration|gmma_cycles|pipe_fma|SM Frequency|Stall|Warp Cycles Per Issued|Issue Slots Busy|Executed Ipc A" $OUT/ncu-$v.txt | head -30
done
