#!/usr/bin/env bash
# Twentieth session, prepared for the next one's first GPU call (prepare.sh fills .device first).
# probe-unroll (docs/performance.md items 54-55): the 256 x 128 kernels with the probing loop unrolled
# by 2 and 4, promoted registers fenced (u2, u4), beside the shipped loop (hd), DeepGEMM and cuBLASLt,
# rounds interleaved in one process. Four rounds on the three shapes where DeepGEMM leads, two on the
# other four. Expected +1-3% for u2/u4 over hd; adopt probe-unroll 2 (or 4 for 256-row tiles) as the
# default if it gains beyond the noise floor (0.1-1.8%) on most shapes and p2.sh's suite passes.
# Outputs go straight to $OUT (they come back even if the call runs out of time).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
timeout 300 python3 $ab --rounds 4 --dg .device/dg --variants .device/pu/ab \
  --shapes 8192x8192x8192,4096x7168x16384,4096x24576x1536 > "$out/ab-unroll-a.txt" 2>&1
echo "ab a rc=$?"; grep -v rel_err "$out/ab-unroll-a.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-unroll-a.txt"
timeout 250 python3 $ab --rounds 2 --dg .device/dg --variants .device/pu/ab \
  --shapes 4096x4096x7168,4096x7168x2048,4096x32768x512,4096x2112x7168 > "$out/ab-unroll-b.txt" 2>&1
echo "ab b rc=$?"; grep -v rel_err "$out/ab-unroll-b.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-unroll-b.txt"
