#!/usr/bin/env bash
# Twenty-second session, GPU call 3: the issue table (bench.py, three rotated rounds) with .device/st
# regenerated at the new default (benchmarks/prepare_device.sh --sets "tuned static").
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 400 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static --peers .device/peers.py \
  --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 --json "$out/bench.json" > "$out/bench.txt" 2>&1
echo "bench rc=$?"; cut -c1-240 "$out/bench.txt" | tail -20
