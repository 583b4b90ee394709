# swap_ab: correctness suite (9 recipes x M), sanitizers on the small set, then a timing sweep of decode tiles.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 150 python3 test/gpu/run_suite.py --kernels .device/swr --gemm-run $R --m 1,8,37,64,128,1000 --repeat 2 --timeout 60 > $OUT/suite-swap.txt 2>&1; echo "suite rc=$?"; tail -n 3 $OUT/suite-swap.txt; grep -i fail $OUT/suite-swap.txt | head -20
timeout 150 python3 test/gpu/run_suite.py --kernels .device/swr-small --gemm-run $R --m 37 --repeat 1 --sanitize --timeout 60 > $OUT/san-swap.txt 2>&1; echo "sanitize rc=$?"; tail -n 2 $OUT/san-swap.txt; grep -i fail $OUT/san-swap.txt | head
cd .device/sws
for f in *.cubin; do
  n=${f%.cubin}; m=$(echo $n | sed 's/sws_m\([0-9]*\)_.*/\1/')
  echo "$n $($R $f --m $m --check 2>&1 | tail -1 | grep -o 'PASS\|FAIL.*')"
done > $OUT/check.txt
grep -c PASS $OUT/check.txt; grep -v PASS $OUT/check.txt | head
for rep in 1 2; do
  for f in *.cubin; do
    n=${f%.cubin}; m=$(echo $n | sed 's/sws_m\([0-9]*\)_.*/\1/')
    echo "$rep $n $($R $f --m $m --bench --iters 100 --warmup 20 --data normal 2>&1 | tail -1 | grep -o '[0-9.]* ms')"
  done
done > $OUT/sweep.txt
python3 - $OUT/sweep.txt <<'PY'
import sys, collections
t = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) >= 3: t[p[1]].append(float(p[2]))
shapes = collections.defaultdict(dict)
for name, v in t.items():
    parts = name.split('_')
    shape = '_'.join(parts[1:4]); var = '_'.join(parts[4:])
    shapes[shape][var] = min(v)
for shape in sorted(shapes, key=lambda s: [int(x[1:]) for x in s.split('_')]):
    d = shapes[shape]; base = d.get('base')
    best = min((x for x in d.items() if x[0] != 'base'), key=lambda x: x[1])
    print(f"{shape:22s} base {base*1000:7.1f} us  best swap {best[0]:10s} {best[1]*1000:7.1f} us  ratio {base/best[1]:.2f}  | " +
          ' '.join(f"{k}={v*1000:.1f}" for k, v in sorted(d.items()) if k != 'base'))
PY
