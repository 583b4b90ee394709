# 4 vs 5 stages on every large shape (128x128 tile, persistent), two interleaved rounds.
G=.device/bin/gemm-run
b() { timeout 30 $G "$1" --m $2 --bench --iters 40 2>&1 | tail -n 1 | sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\2/"; }
for r in 1 2; do for nk in n2112_k7168 n24576_k1536 n7168_k16384 n4096_k7168 n7168_k2048 n8192_k8192; do
  m=4096; [ $nk = n8192_k8192 ] && m=8192
  echo "round $r $nk s5 $(b .device/api/fp8_$nk.ptx $m) s4 $(b .device/st/st_${nk}_s4.ptx $m)"
done; done
