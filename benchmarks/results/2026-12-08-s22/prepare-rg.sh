#!/usr/bin/env bash
# Twenty-second session: .device/rg/r{4,8,16}: the 256 x 128 kernels of four large shapes (--set large-tiles)
# with forEachTile's raster group (kRasterGroup: rows of tiles a group walks column by column) at 4, 8
# (shipped) and 16, for item 61's question of tile order. Rebuilds gemm-opt with the constant edited and
# restores it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
src=lib/Conversion/GemmToNVGPU/GemmToNVGPU.cpp
tmp=$(mktemp -d)
trap 'sed -i "s/constexpr int64_t kRasterGroup = [0-9]*;/constexpr int64_t kRasterGroup = 8;/" $src; ninja -C build gemm-opt > /dev/null; rm -rf "$tmp"' EXIT
rm -rf .device/rg
for r in 4 8 16; do
  sed -i "s/constexpr int64_t kRasterGroup = [0-9]*;/constexpr int64_t kRasterGroup = $r;/" $src
  ninja -C build gemm-opt > /dev/null
  python3 scripts/gen-kernels.py --set large-tiles --out "$tmp/r$r" > /dev/null
  mkdir -p .device/rg/r$r
  for s in m4096_n7168_k16384 m8192_n8192_k8192 m4096_n4096_k7168 m4096_n24576_k1536; do
    cp "$tmp"/r$r/lt_t256_$s.* .device/rg/r$r/
  done
done
