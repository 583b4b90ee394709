#!/usr/bin/env bash
# Fifteenth session, seventh GPU call: the stage's release (empty arrive) from a barrier base read
# once per kernel (rel) against the committed probe kernels (post), --set static at M = 4096 and
# 8192^3 (the heuristic's 128 x 192 and 256 x 128 tiles), three interleaved rounds.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
L=4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192
timeout 280 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --shapes $L --dg .device/dg \
  > "$out/ab-release.txt" 2>&1; echo "ab rc=$?"; grep -v rel_err "$out/ab-release.txt"; grep -E "FAIL|Error" "$out/ab-release.txt" | head
