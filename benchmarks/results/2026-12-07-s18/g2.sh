#!/usr/bin/env bash
# Eighteenth session, GPU call 2. Prepared here as g1.sh, then:
#   rm -rf .device/vd .device/v && benchmarks/results/2026-12-07-s18/gen-decode-variants2.sh .device/vd
#   mkdir -p .device/v/ms && scripts/gen-kernels.py --set m-sweep --out .device/v/ms   (M_SWEEP from 256)
#   mkdir -p .device/v/hd && scripts/gen-kernels.py --set large-tiles --out /tmp/lt \
#     && cp /tmp/lt/lt_t256*_m4096_n7168_k16384.* .device/v/hd/
# 1. decode stage variants at N = 32768, K = 512, seven rounds, beside Triton;
# 2. the three large-M tiles at M = 256, 512, 768 (g1 timed 1024-6144);
# 3. ncu source counters of ours and DeepGEMM at 4096 x 7168 x 16384 (../2026-12-07-desc/w27.sh).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 200 python3 $ab --rounds 7 --triton --dg .device/dg --variants .device/vd \
  --shapes 1x32768x512,16x32768x512,32x32768x512,64x32768x512 > "$out/ab-decode2.txt" 2>&1
echo "ab decode rc=$?"; grep -v rel_err "$out/ab-decode2.txt" | cut -c1-120; grep -E "FAIL|Error" "$out/ab-decode2.txt" | head -3
S=$(for m in 256 512 768; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 150 python3 $ab --rounds 3 --dg "" --variants .device/v --shapes "${S%,}" > "$out/ab-sweep-small.txt" 2>&1
echo "ab sweep rc=$?"; grep -v rel_err "$out/ab-sweep-small.txt" | cut -c1-100; grep -E "FAIL|Error" "$out/ab-sweep-small.txt" | head -3
OUT=$out timeout 300 bash benchmarks/results/2026-12-07-desc/w27.sh
