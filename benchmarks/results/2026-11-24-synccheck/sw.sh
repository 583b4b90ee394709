export PATH=$PATH:/usr/local/cuda/bin
cd .device
R=bin/gemm-run
echo "=== synccheck with __syncwarp before the stage release"
for k in t6416 t6464 t128128 rec_bf16_c rec_tensor; do for rep in 1 2; do
  m=127
  s=$(date +%s); out=$(timeout 45 compute-sanitizer --tool synccheck $R sw/$k.ptx --m $m --check 2>&1); rc=$?
  echo "$k run $rep (rc $rc, $(( $(date +%s) - s )) s): $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-250)"
done; done
echo "=== racecheck, 16 processes at once, rec_bf16_c (failed 4 of 12 before)"
for i in $(seq 16); do (timeout 120 compute-sanitizer --tool racecheck $R sw/rec_bf16_c.ptx --m 127 --check 2>&1 | grep -E "PASS|FAIL|error" | head -2 > /tmp/rc$i.txt) & done; wait
cat /tmp/rc*.txt | sed -E 's/seed=[0-9]+//' | sort | uniq -c
echo "=== bench before/after (gemm-run --bench --iters 100 --warmup 20 --data normal)"
for k in fp8_n7168_k2048 fp8_n2112_k7168; do for rep in 1 2; do
  echo "old $($R suite/$k.ptx --m 4096 --bench --iters 100 --warmup 20 --data normal 2>&1 | tail -1)"
  echo "new $($R sw/$k.ptx --m 4096 --bench --iters 100 --warmup 20 --data normal 2>&1 | tail -1)"
done; done
