#!/usr/bin/env bash
# Eighteenth session: the kernels whose configs this session's heuristic changes introduce, for the GPU
# correctness suite (test/gpu/run_suite.py) and a compute-sanitizer sample.
#   gen-new-kernels.sh OUT_DIR   (OUT_DIR/new: full size; OUT_DIR/new-small: N, K <= 200, 384)
# Dynamic-M kernels with the narrow large-M tiles (128 x 64, 128 x 96; ragged N, tiles straddling B
# scale blocks), and the 8-stage K = 512 decode kernels (static M = 32, 64; fp8_gemm_nt's em64).
set -euo pipefail
source "$(dirname "$0")/spec.sh"
for size in full small; do
  dir=$1/new; [ $size = small ] && dir=$1/new-small
  mkdir -p "$dir"
  shapes="2112x7168 200x384 1000x1280 4096x7168"
  [ $size = small ] && shapes="200x384 136x256 72x384"
  for nk in $shapes; do
    IFS=x read -r n k <<< "$nk"
    spec "$dir" "nt_tn64_n${n}_k${k}" "?" "$n" "$k" "tile = [128, 64, 128]"
    spec "$dir" "nt_tn96_n${n}_k${k}" "?" "$n" "$k" "tile = [128, 96, 128]"
  done
  if [ $size = full ]; then
    for m in 32 64; do spec "$dir" "fp8_m${m}_n32768_k512" "$m" 32768 512 ""; done
    spec "$dir" nt_em64_n32768_k512 "?" 32768 512 "" "expected_m = 64"
  fi
done
grep -ho '"stages": [0-9]*' "$1/new/fp8_m64_n32768_k512.json" "$1/new/nt_em64_n32768_k512.json"
