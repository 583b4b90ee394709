# Decode kernels with more stages in flight (swap_ab [M, 64], 8-20 stages) against the heuristic's pick.
set -u
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 400 python3 benchmarks/bench_variants.py --kernels .device/dst --peers .device/peers.py --json $OUT/stages.json > $OUT/stages.txt 2>&1; echo "rc=$?"
grep -c PASS $OUT/stages.txt; grep -E 'FAIL|rror' $OUT/stages.txt | grep -v CUBLAS_STATUS_NOT_SUPPORTED | head
python3 - $OUT/stages.txt <<'PY'
import sys, re
for line in open(sys.argv[1]):
    if re.match(r'^\d+ x', line): print(line.split(':')[0]); continue
    m = re.search(r'([\d.]+) us .*ours/best-peer ([\d.]+).*(dst_\S+)', line)
    if m: print(f"   {m.group(3).split('_')[-1]:6s} {m.group(1):>7s} us  {m.group(2)}")
PY
