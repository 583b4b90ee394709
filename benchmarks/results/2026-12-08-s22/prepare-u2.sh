#!/usr/bin/env bash
# Twenty-second session: fills .device/u2 for g2.sh / g23.sh (run here, after
# benchmarks/prepare_device.sh --sets "tuned static" at a commit with item 59's default).
#   check/  every kernel of --set tuned / static / recipes that the unroll of two changes (the tn192
#           kernels of fp8_gemm_nt, the static 4096 x 2112 x 7168 one, rec_block_tn192_split2), and 128 x
#           192 tiles over K = 512, 768, 1024, 2048 (4, 6, 8, 16 blocks) at N = 200, 2112, 1000, 392
#   small/  128 x 192 at N = 200, K = 512, for compute-sanitizer
#   ab/u1, ab/u2  --set wide-n's 128 x 192 kernels of the seven large shapes at probe-unroll 1 (the
#           default before item 59) and at the default (2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rm -rf .device/u2; mkdir -p .device/u2/check .device/u2/small .device/u2/ab/u1 .device/u2/ab/u2
cp .device/st/tuned/*_tn192.* .device/st/static/fp8_m4096_n2112_k7168.* .device/u2/check/
python3 scripts/gen-kernels.py --set recipes --out "$tmp/recipes" > /dev/null
cp "$tmp"/recipes/rec_block_tn192_split2.* .device/u2/check/
benchmarks/results/2026-12-08-s22/t192-checks.sh .device/u2/check .device/u2/small
python3 scripts/gen-kernels.py --set wide-n --out "$tmp/wn" > /dev/null
python3 scripts/gen-kernels.py --set wide-n --probe-unroll 1 --out "$tmp/wn1" > /dev/null
cp "$tmp"/wn/wn_tn192_* .device/u2/ab/u2/
cp "$tmp"/wn1/wn_tn192_* .device/u2/ab/u1/
