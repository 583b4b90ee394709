#!/usr/bin/env bash
# Eighteenth session, GPU call 1. Prepared here (about 2 minutes):
#   benchmarks/prepare_device.sh --sets "tuned static" --deepgemm <sgl-deep-gemm 0.2.1 wheel>
#   mkdir -p .device/v/ms && scripts/gen-kernels.py --set m-sweep --out .device/v/ms
#   benchmarks/results/2026-12-07-s18/gen-decode-variants.sh .device/vd
# 1. decode variants (gen-decode-variants.sh) beside Triton, cuBLASLt and DeepGEMM, interleaved rounds;
# 2. the decode table (bench.py --rounds 3, the 24 decode shapes);
# 3. the large-M tile rule against the three tiles timed (../2026-12-07-desc/w26.sh).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 200 python3 $ab --rounds 5 --triton --dg .device/dg --variants .device/vd \
  --shapes 64x32768x512,32x32768x512,16x32768x512,64x24576x1536 > "$out/ab-decode.txt" 2>&1
echo "ab decode rc=$?"; grep -v rel_err "$out/ab-decode.txt" | cut -c1-110; grep -E "FAIL|Error" "$out/ab-decode.txt" | head -3
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes "${D%,}" --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench-decode.json" > "$out/bench-decode.txt" 2>&1
echo "decode table rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench-decode.txt" | cut -c1-150 | tail -28
OUT=$out timeout 280 bash benchmarks/results/2026-12-07-desc/w26.sh
