#!/usr/bin/env bash
# Eighteenth session: at K = 512 (4 K blocks) the heuristic caps the stages at 4, one tile's K blocks,
# though a persistent CTA of N = 32768 walks two tiles. g1's variants (gen-decode-variants.sh) had
# swap_ab [M, 128] with 8 stages 5-7% ahead at M = 16 and 32. Which part moves it: the stages or the
# tile? Variants (OUT_DIR/dv2/dv2_<variant>_m<M>_n32768_k512):
#   base = the heuristic's pick; st8 = the same tile with 8 stages; sw128 / sw128s8 = swap_ab [M
#   rounded up to 8, 128] with 4 / 8 stages; dp (M = 64) = the heuristic's tile, one CTA a tile.
set -euo pipefail
out=$1/dv2; mkdir -p "$out"
source "$(dirname "$0")/spec.sh"
for m in 1 16 32 64; do
  n=32768 k=512 sm=$(( (m + 7) / 8 * 8 ))
  spec "$out" "dv2_base_m${m}_n${n}_k${k}" "$m" "$n" "$k" ""
  if [ "$m" -le 16 ]; then st8="tile = [$sm, 64, 128], stages = 8, swap_ab = true"
  else st8="tile = [64, 128, 128], stages = 8"; fi
  spec "$out" "dv2_st8_m${m}_n${n}_k${k}" "$m" "$n" "$k" "$st8"
  spec "$out" "dv2_sw128_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [$sm, 128, 128], stages = 4, swap_ab = true"
  spec "$out" "dv2_sw128s8_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [$sm, 128, 128], stages = 8, swap_ab = true"
  [ "$m" -eq 64 ] && spec "$out" "dv2_dp_m${m}_n${n}_k${k}" "$m" "$n" "$k" "tile = [64, 128, 128], stages = 4, schedule = data_parallel"
done
ls "$out" | grep -c '\.ptx$'
