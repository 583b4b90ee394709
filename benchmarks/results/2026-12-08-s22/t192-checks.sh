#!/usr/bin/env bash
# 128 x 192 tiles over K = 512, 768, 1024, 2048 (4, 6, 8, 16 K blocks) at ragged N (200, 2112, 1000, 392),
# dynamic M, compiled by build/bin/gemm-opt as it is now into CHECK (t192_<n>_<k>.ptx / .json); the first
# (N = 200, K = 512) also into SMALL, for compute-sanitizer. Used by prepare-u2.sh and prepare-adv.sh.
#   t192-checks.sh CHECK SMALL     (from the repository root)
set -euo pipefail
check=${1:?usage: t192-checks.sh CHECK SMALL}; small=${2:?usage: t192-checks.sh CHECK SMALL}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for spec in "n200_k512 200 512" "n2112_k768 2112 768" "n1000_k1024 1000 1024" "n392_k2048 392 2048"; do
  set -- $spec
  cat > "$tmp/$1.mlir" <<SPEC
gemm.matmul @t192_$1 {
  shape = [?, $2, $3],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 192, 128]>
}
SPEC
  build/bin/gemm-opt "$tmp/$1.mlir" --gemm-to-ptx -o "$check/t192_$1.ptx"
done
cp "$check"/t192_n200_k512.* "$small/"
