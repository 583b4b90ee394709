#!/usr/bin/env bash
# Twenty-second session: fills .device/dc/<label>/ with variants of the decode kernels of N = 32768,
# K = 512 at M = 32 and 64 (the one decode shape below its better peer in the twenty-first session's
# table, 64 x 32768 x 512 at 0.96 of Triton), for ab.py --triton / --profile. Run after
# benchmarks/prepare_device.sh and ../2026-12-07-s21/prepare-next.sh.
#   hd     the heuristic's pick (M = 32, 64: tile 64 x 128, 8 stages, persistent; 256 tiles, 1.94 rounds)
#   dp4    the same tile, 4 stages, one CTA per tile (two CTAs an SM fit)
#   n64    tile 64 x 64, 8 stages, persistent (512 tiles)
#   sw128  swap_ab, tile M x 128 (M = 32: 32 x 128), 8 stages
#   sw256  swap_ab, tile M x 256, 4 stages (one round)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rm -rf .device/dc; mkdir -p .device/dc
variant() {  # label, m, config
  mkdir -p .device/dc/$1
  cat > "$tmp/$1_$2.mlir" <<SPEC
gemm.matmul @d$1_m$2_n32768_k512 {
  shape = [$2, 32768, 512],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>$3
}
SPEC
  build/bin/gemm-opt "$tmp/$1_$2.mlir" --gemm-to-ptx -o ".device/dc/$1/d$1_m$2_n32768_k512.ptx"
}
for m in 32 64; do
  variant hd $m ""
  variant dp4 $m ",
  config = #gemm.config<tile = [64, 128, 128], stages = 4, schedule = data_parallel>"
  variant n64 $m ",
  config = #gemm.config<tile = [64, 64, 128], stages = 8, schedule = persistent>"
  variant sw128 $m ",
  config = #gemm.config<tile = [$m, 128, 128], stages = 8, schedule = persistent, swap_ab = true>"
  variant sw256 $m ",
  config = #gemm.config<tile = [$m, 256, 128], stages = 4, schedule = persistent, swap_ab = true>"
done
for f in .device/dc/*/*.ptx; do
  echo "$f: $(/usr/local/cuda/bin/ptxas -arch=sm_90a -v "$f" -o /dev/null 2>&1 | grep -oE '[0-9]+ bytes spill stores|[0-9]+ bytes smem' | tr '\n' ' ')"
done
