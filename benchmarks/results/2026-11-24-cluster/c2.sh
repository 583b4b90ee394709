# Cluster kernels with CTA-scope remote arrives: SASS of both variants, timing vs no cluster, correctness.
set -u
G=.device/bin/gemm-run
for v in v0 v1; do cuobjdump --dump-sass .device/$v.cubin > $OUT/$v.sass; echo "$v: $(grep -c MEMBAR $OUT/$v.sass) MEMBAR, $(grep -c SYNCS $OUT/$v.sass) SYNCS, $(grep -c UTMALDG $OUT/$v.sass) UTMALDG, $(grep -c QGMMA $OUT/$v.sass) QGMMA"; grep -E "MEMBAR|FENCE" $OUT/$v.sass | sort | uniq -c | head -5; done
b() { timeout 30 $G "$1" --m $2 --bench --iters 30 2>&1 | tail -n 1 | sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\2/"; }
printf "%-22s %6s %8s %8s %6s\n" shape m base c2 ratio > $OUT/bench.txt
for nk in 2112_k7168 24576_k1536 32768_k512 7168_k16384 4096_k7168 7168_k2048 8192_k8192; do
  m=4096; [ $nk = 8192_k8192 ] && m=8192
  x=$(b .device/api/fp8_n$nk.ptx $m); y=$(b .device/cl/fp8_c2_n$nk.ptx $m)
  printf "%-22s %6s %8s %8s %6.3f\n" n$nk $m $x $y $(python3 -c "print($y/$x)") >> $OUT/bench.txt
done
echo "tm256 2112x7168 m4096: $(b .device/cl/fp8_c2_tm256_n2112_k7168.ptx 4096)  tn64 4096x1536 m4096: $(b .device/cl/fp8_c2_tn64_n4096_k1536.ptx 4096)" >> $OUT/bench.txt
cat $OUT/bench.txt
timeout 200 python3 test/gpu/run_suite.py --kernels .device/cl --gemm-run $G --m 1,127,129,255,1000,4095 --repeat 2 --timeout 60 > $OUT/suite.txt 2> $OUT/suite.err; echo "suite rc=$?"; tail -n 2 $OUT/suite.txt
timeout 120 python3 test/gpu/run_suite.py --kernels .device/cls --gemm-run $G --m 1,127,300 --sanitize --timeout 60 > $OUT/sanitize.txt 2>&1; echo "sanitize rc=$?"; tail -n 2 $OUT/sanitize.txt
