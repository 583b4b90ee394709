#!/usr/bin/env bash
# Eighteenth session: decode variants of the one shape still short of its better peer (64 x 32768 x 512,
# docs/performance.md, fifteenth session's decode table) and its neighbours, for ab.py --triton.
#   gen-decode-variants.sh OUT_DIR   (writes OUT_DIR/dv/dv_<variant>_m<M>_n<N>_k<K>.{mlir,ptx,json})
# Variants: base = the heuristic's pick; s8 = 64 x 128 with 8 stages (two tiles' K blocks in flight at
# K = 512); t64s8 = 64 x 64 with 8 stages; sw128s8 / sw256 = swap_ab with 128 / 256 weight rows a tile.
set -euo pipefail
out=$1/dv; mkdir -p "$out"
source "$(dirname "$0")/spec.sh"
for shape in 64x32768x512 32x32768x512 16x32768x512 64x24576x1536; do
  IFS=x read -r m n k <<< "$shape"
  sm=$(( (m + 7) / 8 * 8 ))
  spec "$out" "dv_base_m${m}_n${n}_k${k}" "$m" "$n" "$k" ""
  spec "$out" "dv_s8_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [64, 128, 128], stages = 8"
  spec "$out" "dv_t64s8_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [64, 64, 128], stages = 8"
  spec "$out" "dv_sw128s8_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [$sm, 128, 128], stages = 8, swap_ab = true"
  spec "$out" "dv_sw256_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [$sm, 256, 128], swap_ab = true"
done
ls "$out" | grep -c '\.ptx$'
