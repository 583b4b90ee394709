#!/usr/bin/env bash
# Prepared in the twenty-first session for the next one's first GPU call (fill .device with
# prepare-next.sh). Most important first; each part writes straight into $OUT.
# 1. 4096 x 2112 x 7168 (0.98 of DeepGEMM in g1): 128 x 192 alone against DeepGEMM's own config for it,
#    the same tile in a pair along M sharing B (possible without the 5% exit cost since item 57), along N,
#    and at probe-unroll 2; six interleaved rounds.
# 2. g3.sh: ncu source counters of the unrolled 256 x 128 kernel and of DeepGEMM's at 4096 x 7168 x 16384.
# 3. power.py: energy per GEMM under sustained load (item 53's method) for the unrolled 256 x 128, the
#    pair and DeepGEMM.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 90 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 6 --dg .device/dg --variants .device/v4 \
  --shapes 4096x2112x7168 > "$out/ab-2112.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-2112.txt" | cut -c1-130; grep -E "FAIL|rror" "$out/ab-2112.txt" | head -3
OUT=$out bash benchmarks/results/2026-12-07-s21/g3.sh
timeout 150 python3 benchmarks/power.py --kernels .device/pw --peers .device/peers.py --deepgemm-kernels .device/dg \
  --shapes 8192x8192x8192,4096x7168x16384 --seconds 2 --rounds 2 > "$out/power.txt" 2>&1
echo "power rc=$?"; grep -v rel_err "$out/power.txt" | tail -20 | cut -c1-170
