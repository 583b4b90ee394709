# Tiles straddling two B scale blocks (tile N 112/144/160/192) and the narrow-N store fix: correctness, sanitizers, then the wide-N variants against the peers.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 170 python3 test/gpu/run_suite.py --kernels .device/new --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite-new.txt 2>&1; echo "suite rc=$?"; grep -c PASS $OUT/suite-new.txt; grep -iE 'fail|error' $OUT/suite-new.txt | head -20; tail -n 3 $OUT/suite-new.txt
timeout 120 python3 test/gpu/run_suite.py --kernels .device/news --gemm-run $R --m 37 --repeat 1 --sanitize --timeout 60 > $OUT/san-new.txt 2>&1; echo "sanitize rc=$?"; tail -n 2 $OUT/san-new.txt; grep -i fail $OUT/san-new.txt | head
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 290 python3 benchmarks/bench_variants.py --kernels .device/wn --peers .device/peers.py --json $OUT/wide-n.json > $OUT/wide-n.txt 2>&1; echo "variants rc=$?"
grep -c PASS $OUT/wide-n.txt; grep -E 'FAIL|rror' $OUT/wide-n.txt | grep -v CUBLAS_STATUS_NOT_SUPPORTED | head
python3 - $OUT/wide-n.txt <<'PY'
import sys, re
for line in open(sys.argv[1]):
    if re.match(r'^\d+ x', line): print(line.strip()[:90]); continue
    m = re.search(r'([\d.]+) us .*ours/best-peer ([\d.]+).*(wn_\S+)', line)
    if m: print(f"   {m.group(3).split('_')[1]:6s} {m.group(1):>8s} us  {m.group(2)}")
PY
