#!/usr/bin/env bash
# Prepared in the twenty-first session for the next one's first GPU call (g4.sh); run here, after
# scripts/bootstrap.sh and ../2026-12-07-s20/prepare.sh WHEEL (which fills .device/ with the runtime,
# gemm-run, peers.py and DeepGEMM's kernels):
#   .device/v4/{hd,c2,n2,hdu2,c2u2}: 128 x 192 at 4096 x 2112 x 7168, 4 stages, persistent (the
#       heuristic's pick, `hd`), in a pair along M sharing B (`c2`: DeepGEMM's config for this shape,
#       possible since item 57's exit), along N sharing A (`n2`), and `hd` / `c2` at probe-unroll 2
#   .device/v3/au: the unclustered 256 x 128 at 4096 x 7168 x 16384 (lowering's unroll, 4), for ncu
#   .device/pw: that kernel and the pair at 4096 x 7168 x 16384 and 8192^3, for power.py
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rm -rf .device/v4 .device/v3 .device/pw
mkdir -p .device/v4/{hd,c2,n2,hdu2,c2u2} .device/v3/au .device/pw
spec() {  # label, cluster, probe-unroll
  cat > "$tmp/$1.mlir" <<SPEC
gemm.matmul @x$1_m4096_n2112_k7168 {
  shape = [4096, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 192, 128], stages = 4, cluster = [$2], schedule = persistent>
}
SPEC
  build/bin/gemm-opt "$tmp/$1.mlir" "--gemm-to-ptx=probe-unroll=$3" -o ".device/v4/$1/x$1_m4096_n2112_k7168.ptx"
}
spec hd "1, 1" 0; spec c2 "2, 1" 0; spec n2 "1, 2" 0; spec hdu2 "1, 1" 2; spec c2u2 "2, 1" 2
python3 scripts/gen-kernels.py --set large-tiles --out "$tmp/lt" > /dev/null
cp "$tmp"/lt/lt_t256_m4096_n7168_k16384.* .device/v3/au/
cp "$tmp"/lt/lt_t256_m4096_n7168_k16384.* "$tmp"/lt/lt_t256_m8192_n8192_k8192.* .device/pw/
cp "$tmp"/lt/lt_t256n2_m4096_n7168_k16384.* "$tmp"/lt/lt_t256n2_m8192_n8192_k8192.* .device/pw/
for f in .device/v4/*/*.ptx; do
  echo "$f: $(/usr/local/cuda/bin/ptxas -arch=sm_90a -v "$f" -o /dev/null 2>&1 | grep -oE '[0-9]+ bytes spill stores')"
done
du -sh .device
