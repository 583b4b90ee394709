export PATH=$PATH:/usr/local/cuda/bin
cd .device
R=bin/gemm-run
for k in t6416 t128128 rec_bf16_c; do
  echo "$k plain: $($R bu/${k}_bra.ptx --m 127 --check --repeat 3 2>&1 | grep -E "PASS|FAIL" | tr '\n' ' ')"
  for v in _bra ""; do for rep in 1 2 3; do
    s=$(date +%s); out=$(timeout 40 compute-sanitizer --tool synccheck $R bu/$k$v.ptx --m 127 --check 2>&1); rc=$?
    echo "$k$v synccheck $rep (rc $rc, $(( $(date +%s) - s )) s): $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-160)"
  done; done
done
echo "=== racecheck, 16 processes at once, rec_bf16_c_bra"
for i in $(seq 16); do (timeout 120 compute-sanitizer --tool racecheck $R bu/rec_bf16_c_bra.ptx --m 127 --check 2>&1 | grep -E "PASS|FAIL|error" | head -1 | sed -E 's/seed=[0-9]+//' > /tmp/rb$i.txt) & done; wait
cat /tmp/rb*.txt | sort | uniq -c
