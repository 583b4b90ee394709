# swap_ab over 256 rows (four math warpgroups): a hang check, the decode tile sweep, correctness, sanitizers.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
for k in swap_bf16_tn256 swap_block_tn256; do echo "$k: $(timeout 30 $R .device/rw256/$k.ptx --m 37 --check 2>&1 | tail -1) rc=$?"; done
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 300 python3 benchmarks/bench_variants.py --kernels .device/sww --peers .device/peers.py --json $OUT/variants.json > $OUT/variants.txt 2>&1; echo "variants rc=$?"
grep -c PASS $OUT/variants.txt; grep -E 'FAIL|rror' $OUT/variants.txt | grep -v CUBLAS_STATUS_NOT_SUPPORTED | head
python3 - $OUT/variants.txt <<'PY'
import sys, re
for line in open(sys.argv[1]):
    if re.match(r'^\d+ x', line): print(line.split(':')[0], line.split(':')[1].strip()); continue
    m = re.search(r'([\d.]+) us .*ours/best-peer ([\d.]+).*(swl_\S+)', line)
    if m: print(f"   {m.group(3).split('_')[-1]:10s} {m.group(1):>7s} us  {m.group(2)}")
PY
timeout 150 python3 test/gpu/run_suite.py --kernels .device/rw256 --gemm-run $R --m 1,37,1000 --repeat 2 --timeout 30 > $OUT/suite-swap256.txt 2>&1; echo "suite rc=$?"; grep -c PASS $OUT/suite-swap256.txt; grep -i fail $OUT/suite-swap256.txt | head -20
timeout 100 python3 test/gpu/run_suite.py --kernels .device/rw256s --gemm-run $R --m 37 --repeat 1 --sanitize --timeout 60 > $OUT/san-swap256.txt 2>&1; echo "sanitize rc=$?"; tail -n 2 $OUT/san-swap256.txt; grep -i fail $OUT/san-swap256.txt | head
