#!/usr/bin/env bash
# Eighteenth session, GPU call 6. At N = 32768, K = 512 ours and the peers sit within a timer step of each
# other under do_bench (13.3 or 14.0 us at M = 32). Is the difference in the kernels or around them? ncu's
# gpu__time_duration of every launch of one ab.py round (ours, DeepGEMM, cuBLASLt, Triton's configs),
# median per kernel and grid. Prepared as g5.sh.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
for shape in 32x32768x512 128x32768x512; do
  timeout 200 ncu --metrics gpu__time_duration.sum --csv --print-units base \
    python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 1 --warmup 0 --triton --dg .device/dg \
    --variants .device/vd --shapes $shape > "$out/ncu-$shape.csv" 2> "$out/ncu-$shape.err"
  echo "ncu $shape rc=$?"
  python3 - "$out/ncu-$shape.csv" <<'PY'
import csv, statistics, sys, collections
rows = [l for l in open(sys.argv[1]) if l.startswith('"')]
times = collections.defaultdict(list)
for r in csv.DictReader(rows):
    if r.get("Metric Name") != "gpu__time_duration.sum":
        continue
    name = r["Kernel Name"][:60]
    times[(name, r.get("Grid Size", ""), r.get("Block Size", ""))].append(float(r["Metric Value"]) / 1000)
for (name, grid, block), t in sorted(times.items(), key=lambda kv: statistics.median(kv[1])):
    if len(t) >= 5:
        print(f"{statistics.median(t):8.2f} us  n={len(t):4d}  {name:60s} grid {grid} block {block}")
PY
done
