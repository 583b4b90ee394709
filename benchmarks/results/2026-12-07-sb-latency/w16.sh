#!/usr/bin/env bash
# Fifteenth session, last GPU call: the DeepSeek table with bench.py --rounds 3 (everyone timed three
# times, the order rotated each round, medians), final codegen and heuristic (.device/st: --set
# tuned and --set static), DeepGEMM's kernels (.device/dg).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench-rounds3.json" > "$out/bench-rounds3.txt" 2>&1
echo "bench rc=$?"; grep -E '^ *M |^ *[0-9]+ +[0-9]+ +[0-9]+ |passed|!' "$out/bench-rounds3.txt" | cut -c1-200
