# synccheck bisect: a small DeepSeek-recipe kernel (N 256, K 512) with one part left out at a time.
G=.device/bin/gemm-run
for v in full nomath noload nopromo noepi; do
  extra=""; [ $v = full ] && extra="--check"
  for m in 64 128 300; do
    out=$(timeout 90 compute-sanitizer --tool synccheck $G .device/sy/sy_$v.ptx --m $m $extra 2>&1); rc=$?
    echo "$v m=$m rc=$rc | $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY|launch" | tr '\n' ' ' | cut -c1-220)"
  done
done
for v in full nomath; do out=$(timeout 60 $G .device/sy/sy_$v.ptx --m 128 2>&1); echo "plain $v rc=$? | $(echo "$out" | tail -n 1 | cut -c1-150)"; done
