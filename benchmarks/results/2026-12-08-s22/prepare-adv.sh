#!/usr/bin/env bash
# Twenty-second session, prepared for the next one (item 62): advance.patch gives the one-wave probing loop
# (128 x 144-192 tiles) the descriptor arithmetic of the 256-row loop: each wgmma's descriptors are the
# block's first ones plus a constant, instead of masking, shifting and or-ing every address (SASS per K
# block of the 4096 x 2112 x 7168 kernel: 192.5 -> 162.5 instructions; no kernel of --set tuned, static,
# recipes, cluster, grouped, suite or wide-n spills). Fills, with gemm-opt rebuilt with the patch and
# restored after:
#   .device/adv/check  every kernel of those sets that the patch changes (but wide-n), and 128 x 192 over
#                      K = 512, 768, 1024, 2048 at ragged N (as prepare-u2.sh's check/)
#   .device/adv/small  128 x 192 at N = 200, K = 512, for compute-sanitizer
#   .device/u2/ab/adv  --set wide-n's 128 x 192 kernels of the seven large shapes, patched, beside
#                      prepare-u2.sh's u1 and u2 (run that first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
here=benchmarks/results/2026-12-08-s22
tmp=$(mktemp -d)
[ -d .device/u2/ab/u2 ] || { echo "prepare-adv.sh: run prepare-u2.sh first" >&2; exit 1; }
rm -rf .device/adv .device/u2/ab/adv; mkdir -p .device/adv/check .device/adv/small .device/u2/ab/adv
git apply $here/advance.patch
trap 'git apply -R $here/advance.patch; ninja -C build gemm-opt > /dev/null; rm -rf "$tmp"' EXIT
ninja -C build gemm-opt > /dev/null
python3 scripts/gen-kernels.py --set wide-n --out "$tmp/wn1" > /dev/null
cp "$tmp"/wn1/wn_tn192_* .device/u2/ab/adv/
for s in tuned static recipes cluster grouped; do
  python3 scripts/gen-kernels.py --set $s --out "$tmp/$s" > /dev/null
done
cp "$tmp"/tuned/*_tn192.* "$tmp"/static/fp8_m4096_n2112_k7168.* .device/adv/check/
cp "$tmp"/recipes/rec_block_c_tn160.* "$tmp"/recipes/rec_block_tn192.* "$tmp"/recipes/rec_block_tn192_split2.* \
   "$tmp"/recipes/rec_ue8m0_tn144.* .device/adv/check/
cp "$tmp"/cluster/fp8_c2_tn192_n1000_k1040.* "$tmp"/cluster/fp8_n2_tn192_n1000_k1040.* .device/adv/check/
cp "$tmp"/grouped/grouped_m_contiguous_tn192_n1000_k1040.* "$tmp"/grouped/grouped_m_masked_tn160_n2112_k1296.* \
   .device/adv/check/
benchmarks/results/2026-12-08-s22/t192-checks.sh .device/adv/check .device/adv/small
for f in .device/adv/check/*.ptx .device/u2/ab/adv/*.ptx; do
  r=$(/usr/local/cuda/bin/ptxas -arch=sm_90a -v "$f" -o /dev/null 2>&1 | grep -oE '[0-9]+ bytes spill stores')
  [ "$r" = "0 bytes spill stores" ] || echo "$f: $r"
done
echo "adv: $(ls .device/adv/check | grep -c json) to check, $(ls .device/u2/ab/adv | grep -c json) to time"
