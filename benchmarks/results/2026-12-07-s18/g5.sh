#!/usr/bin/env bash
# Eighteenth session, GPU call 5. The N = 32768, K = 512 shapes flip against their peers between runs
# (g4: 128 x 32768 x 512 0.96 of cuBLASLt, 32 x 32768 x 512 0.96 of Triton; 1.05 and 1.13 in g3's ab).
# Prepared here: .device/vd/k5 (128 x 32768 x 512: the heuristic's [128, 128] with 4 stages against 5, and
# [128, 64] with 8), .device/vd/dec (this session's decode-small kernels at M = 16, 32, 64).
# Nine interleaved rounds beside Triton, cuBLASLt and DeepGEMM.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 250 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 9 --triton --dg .device/dg \
  --variants .device/vd --shapes 128x32768x512,64x32768x512,32x32768x512,16x32768x512 > "$out/ab-k512.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-k512.txt" | cut -c1-150; grep -E "FAIL|Error" "$out/ab-k512.txt" | head -3
