# TMA descriptors as __grid_constant__ parameters: old (global buffer) against new kernels, same shapes, one process, two rounds.
set -u
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
for round in 1 2; do
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 280 python3 benchmarks/bench_variants.py --kernels .device/gc --peers .device/peers.py --json $OUT/gc-$round.json > $OUT/gc-$round.txt 2>&1; echo "round $round rc=$?"
done
python3 - $OUT/gc-1.txt $OUT/gc-2.txt <<'PY'
import sys, re, collections
t = collections.defaultdict(dict)
for r, f in enumerate(sys.argv[1:]):
    for line in open(f):
        m = re.search(r'([\d.]+) us .*ours/best-peer ([\d.]+).*\s(PASS|FAIL)\s+(old|new)_(\S+)', line)
        if m: t[m.group(5)][(m.group(4), r)] = (float(m.group(1)), float(m.group(2)), m.group(3))
print("shape  old_us(r1,r2) new_us(r1,r2) new/old  new_vs_peer(r1,r2)")
for k in sorted(t, key=lambda s: [int(x[1:]) for x in s.split('_')[1:]]):
    d = t[k]
    try:
        o = [d[('old', r)][0] for r in (0, 1)]; n = [d[('new', r)][0] for r in (0, 1)]
        p = [d[('new', r)][1] for r in (0, 1)]
        chk = set(d[x][2] for x in d)
        print(f"{k:24s} {o[0]:7.1f} {o[1]:7.1f}  {n[0]:7.1f} {n[1]:7.1f}  {min(n)/min(o):.3f}  {p[0]:.3f} {p[1]:.3f} {'/'.join(chk)}")
    except KeyError as e: print(k, "missing", e)
PY
