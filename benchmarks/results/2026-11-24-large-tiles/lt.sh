# #5: 128x128 (default) vs 256x128 vs 256x128 in 2-CTA clusters, large shapes; gemm-run --bench 300 after 100, two rounds; then --check.
set -u
R=.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
shapes="4096_2112_7168 4096_24576_1536 4096_32768_512 4096_7168_16384 4096_4096_7168 4096_7168_2048 8192_8192_8192"
for rep in 1 2; do
  for s in $shapes; do
    IFS=_ read m n k <<< "$s"
    line="$m x $n x $k"
    for v in t128 t256 t256c2; do
      t=$($R .device/lt/lt_${v}_m${m}_n${n}_k${k}.ptx --m $m --bench --iters 300 --warmup 100 --data normal 2>&1 | tail -1)
      line="$line | $v: $t"
    done
    echo "round $rep: $line"
  done
done
echo "=== correctness"
for s in $shapes; do IFS=_ read m n k <<< "$s"; for v in t128 t256 t256c2; do
  echo "$v $m $n $k: $($R .device/lt/lt_${v}_m${m}_n${n}_k${k}.ptx --m $m --check 2>&1 | tail -1)"; done; done
