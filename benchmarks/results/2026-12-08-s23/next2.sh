#!/usr/bin/env bash
# Second call after next.sh (same .device): the issue table twice in one call, at HEAD (.device/st) and with
# stream_k as the heuristic's default for 256 x 128 and 128 x 192 (default-sk.patch, .device/skd from
# prepare-skd.sh), so that the two tables' ratios compare on one machine.
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
table() {  # label, kernels dir
  timeout 250 python3 benchmarks/bench.py --kernels .device/$2/tuned --decode-kernels .device/$2/static \
    --peers .device/peers.py --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 \
    --json "$out/bench-$1.json" > "$out/bench-$1.txt" 2>&1
  echo "bench $1 rc=$?"; tail -16 "$out/bench-$1.txt" | cut -c1-200
}
table head st
table skd skd
