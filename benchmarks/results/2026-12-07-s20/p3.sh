#!/usr/bin/env bash
# Twentieth session, GPU call 3 (after p0 and p1, which ran in 66 and 28 s): eight interleaved rounds of
# probe-unroll 1 / 2 / 4 (256 x 128) on the six large shapes where the heuristic picks that tile, to
# tell p1's +0-2% from the spread; then p2.sh (probe-unroll 2's suite and sanitizer sample, the
# cluster exit).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 300 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 8 --dg .device/dg --variants .device/pu/ab \
  --shapes 8192x8192x8192,4096x7168x16384,4096x24576x1536,4096x4096x7168,4096x7168x2048,4096x32768x512 \
  > "$out/ab-unroll-8.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-unroll-8.txt" | cut -c1-150; grep -c "rel_err 0.001" "$out/ab-unroll-8.txt"
bash benchmarks/results/2026-12-07-s20/p2.sh
