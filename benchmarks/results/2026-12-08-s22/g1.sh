#!/usr/bin/env bash
# Twenty-second session, GPU call 1 (.device from benchmarks/prepare_device.sh --sets "tuned static"
# --deepgemm WHEEL, ../2026-12-07-s21/prepare-next.sh and ./prepare.sh). Most important first.
# 1. ../2026-12-07-s21/g4.sh part 1: 4096 x 2112 x 7168, 128 x 192 alone (hd) against the pair along M
#    sharing B (c2, DeepGEMM's config), along N (n2), unroll 2 (hdu2, c2u2); six rounds.
# 2. Decode N = 32768, K = 512 at M = 32, 64: the variants of ./prepare.sh against Triton, DeepGEMM and
#    cuBLASLt, six rounds of do_bench, then each kernel's own device time (--profile).
# 3. ../2026-12-07-s21/g3.sh (ncu, 256 x 128 against DeepGEMM) and power.py, as g4.sh had them.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 100 python3 $ab --rounds 6 --dg .device/dg --variants .device/v4 --shapes 4096x2112x7168 > "$out/ab-2112.txt" 2>&1
echo "ab-2112 rc=$?"; grep -v rel_err "$out/ab-2112.txt" | cut -c1-130; grep -E "FAIL|rror" "$out/ab-2112.txt" | head -3
timeout 120 python3 $ab --rounds 6 --triton --dg .device/dg --variants .device/dc --shapes 64x32768x512,32x32768x512 \
  > "$out/ab-decode.txt" 2>&1
echo "ab-decode rc=$?"; grep -v rel_err "$out/ab-decode.txt" | cut -c1-130; grep -E "FAIL|rror" "$out/ab-decode.txt" | head -3
timeout 90 python3 $ab --profile --triton --dg .device/dg --variants .device/dc --shapes 64x32768x512,32x32768x512 \
  > "$out/prof-decode.txt" 2>&1
echo "prof-decode rc=$?"; grep -v rel_err "$out/prof-decode.txt" | cut -c1-130 | tail -40
OUT=$out bash benchmarks/results/2026-12-07-s21/g3.sh
timeout 150 python3 benchmarks/power.py --kernels .device/pw --peers .device/peers.py --deepgemm-kernels .device/dg \
  --shapes 8192x8192x8192,4096x7168x16384 --seconds 2 --rounds 2 > "$out/power.txt" 2>&1
echo "power rc=$?"; grep -v rel_err "$out/power.txt" | tail -20 | cut -c1-170
