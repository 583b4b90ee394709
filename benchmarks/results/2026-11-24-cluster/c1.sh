# 2-CTA clusters with B multicast: correctness (ragged, odd tile rows), sanitizers, timing vs the same tile without clusters.
set -u
nvidia-smi --query-gpu=name,clocks.sm --format=csv,noheader
G=.device/bin/gemm-run
timeout 240 python3 test/gpu/run_suite.py --kernels .device/cl --gemm-run $G --m 1,127,129,255,256,1000,4095 --repeat 2 --timeout 60 > $OUT/suite.txt 2> $OUT/suite.err; echo "suite rc=$?"; tail -n 4 $OUT/suite.txt
timeout 150 python3 test/gpu/run_suite.py --kernels .device/cls --gemm-run $G --m 1,127,300 --sanitize --timeout 60 > $OUT/sanitize.txt 2>&1; echo "sanitize rc=$?"; tail -n 6 $OUT/sanitize.txt
b() { timeout 30 $G "$1" --m $2 --bench --iters 30 2>&1 | tail -n 1 | sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\2/"; }
printf "%-22s %6s %8s %8s %6s\n" shape m base c2 ratio > $OUT/bench.txt
for nk in 2112_k7168 24576_k1536 32768_k512 7168_k16384 4096_k7168 7168_k2048 8192_k8192; do
  for m in 4096 8192; do
    [ $m = 8192 ] && [ $nk != 8192_k8192 ] && continue
    [ $m = 4096 ] && [ $nk = 8192_k8192 ] && continue
    x=$(b .device/api/fp8_n$nk.ptx $m); y=$(b .device/cl/fp8_c2_n$nk.ptx $m)
    printf "%-22s %6s %8s %8s %6.3f\n" n$nk $m $x $y $(python3 -c "print($y/$x)") >> $OUT/bench.txt
  done
done
echo "tm256 2112x7168 m4096: $(b .device/cl/fp8_c2_tm256_n2112_k7168.ptx 4096)  tn64 4096x1536 m4096: $(b .device/cl/fp8_c2_tn64_n4096_k1536.ptx 4096)" >> $OUT/bench.txt
cat $OUT/bench.txt
timeout 100 ncu --clock-control none --section SpeedOfLight -k regex:fp8_ -c 1 $G .device/cl/fp8_c2_n4096_k7168.ptx --m 4096 --bench --iters 1 --warmup 1 > $OUT/ncu_c2.txt 2>&1; grep -E "Duration|L2 Cache Throughput|Compute \(SM\)|DRAM Through" $OUT/ncu_c2.txt
