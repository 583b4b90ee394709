# Leave-one-out variants (wrong results, timing only): what bounds the main loop.
set -u
G=.device/bin/gemm-run
b() { timeout 30 $G "$1" --m 4096 --bench --iters 30 2>&1 | tail -n 1 | sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\1 ms \2 TFLOPS/"; }
for k in fp8_n4096_k7168 fp8_n7168_k16384; do
  echo "$k full: $(b .device/api/$k.ptx)"
  for v in nomath noload nopromo noepi; do echo "$k $v: $(b .device/exp/${k}_$v.ptx)"; done
done
echo "fp8_c2_n4096_k7168 full: $(b .device/cl/fp8_c2_n4096_k7168.ptx)"
for v in nomath noload nopromo noepi; do echo "fp8_c2_n4096_k7168 $v: $(b .device/exp/fp8_c2_n4096_k7168_$v.ptx)"; done
timeout 100 ncu --clock-control none --section SpeedOfLight --section MemoryWorkloadAnalysis -k regex:fp8_ -c 1 $G .device/cl/fp8_c2_n4096_k7168.ptx --m 4096 --bench --iters 1 --warmup 1 > $OUT/ncu_c2.txt 2>&1; grep -E "Duration|L2 Cache Throughput|Compute \(SM\)|DRAM Through|L2 Hit" $OUT/ncu_c2.txt
timeout 100 ncu --clock-control none --section SpeedOfLight --section MemoryWorkloadAnalysis -k regex:fp8_ -c 1 $G .device/exp/fp8_n4096_k7168_nomath.ptx --m 4096 --bench --iters 1 --warmup 1 > $OUT/ncu_nomath.txt 2>&1; grep -E "Duration|L2 Cache Throughput|Compute \(SM\)|DRAM Through|L2 Hit" $OUT/ncu_nomath.txt
