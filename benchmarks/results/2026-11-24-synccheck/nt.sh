export PATH=$PATH:/usr/local/cuda/bin
cd .device
R=bin/gemm-run
for k in t6416 t128128 rec_bf16_c; do
  echo "$k plain: $($R nt/${k}_noticks.ptx --m 127 --check --repeat 3 2>&1 | grep -E "PASS|FAIL" | tr '\n' ' ')"
  for v in "" _noticks; do for rep in 1 2 3; do
    s=$(date +%s); out=$(timeout 45 compute-sanitizer --tool synccheck $R nt/$k$v.ptx --m 127 --check 2>&1); rc=$?
    echo "$k$v synccheck $rep (rc $rc, $(( $(date +%s) - s )) s): $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-200)"
  done; done
done
