#!/usr/bin/env bash
# Eighteenth session, GPU call 3. Prepared here as g1.sh, then:
#   rm -rf .device/vd .device/v && benchmarks/results/2026-12-07-s18/gen-decode-variants2.sh .device/vd
#   mkdir -p .device/v/ms && scripts/gen-kernels.py --set m-sweep --out .device/v/ms   (tn64, tn96 added)
#   .device/vb/base, .device/vb/sbl: gen-kernels --set large-tiles (lt_t256_m*) and --set wide-n
#     (wn_tn192_m4096_n2112*) before (base) and after (sbl) the B scale read moved after the first
#     wave's wgmmas (docs/performance.md item 48)
# 1. decode stage variants at N = 32768, K = 512 (g2's run died on cuBLASLt at M = 1), beside Triton;
# 2. base against sbl, five rounds, beside DeepGEMM;
# 3. 128 x 64 and 128 x 96 tiles at M = 256, 512, 768 (one round of 128 x 128 fills few SMs).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 170 python3 $ab --rounds 5 --dg .device/dg --variants .device/vb \
  --shapes 4096x7168x16384,8192x8192x8192,4096x4096x7168,4096x24576x1536,4096x7168x2048,4096x32768x512,4096x2112x7168 \
  > "$out/ab-sbl.txt" 2>&1
echo "ab sbl rc=$?"; grep -v rel_err "$out/ab-sbl.txt" | cut -c1-120; grep -E "FAIL|Error" "$out/ab-sbl.txt" | head -3
timeout 170 python3 $ab --rounds 7 --triton --dg .device/dg --variants .device/vd \
  --shapes 1x32768x512,16x32768x512,32x32768x512,64x32768x512 > "$out/ab-decode2.txt" 2>&1
echo "ab decode rc=$?"; grep -v rel_err "$out/ab-decode2.txt" | cut -c1-130; grep -E "FAIL|Error" "$out/ab-decode2.txt" | head -3
S=$(for m in 256 512 768; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 170 python3 $ab --rounds 3 --dg "" --variants .device/v --shapes "${S%,}" > "$out/ab-sweep-narrow.txt" 2>&1
echo "ab sweep rc=$?"; grep -v rel_err "$out/ab-sweep-narrow.txt" | grep -E "tn64|tn96|t128|cuBLAS" | cut -c1-100; grep -E "FAIL|Error" "$out/ab-sweep-narrow.txt" | head -3
