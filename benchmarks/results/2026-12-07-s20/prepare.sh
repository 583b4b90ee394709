#!/usr/bin/env bash
# Twentieth session: fills .device/ for p1.sh and p2.sh (run here, after scripts/bootstrap.sh).
#   benchmarks/results/2026-12-07-s20/prepare.sh WHEEL    (sgl-deep-gemm 0.2.1 wheel, headers only)
#   .device/pu/ab/{hd,u2,u4}: the 256 x 128 kernels of the seven large shapes at probe-unroll 1, 2, 4
#   .device/pu/check:      probe-unroll 2 for correctness: fp8_gemm_nt's tm256 and tn192 kernels (dynamic M),
#                          the static M = 4096 / 8192 kernels, and tiles 256 x 128 / 128 x 192 over K of
#                          odd and ragged block counts (the loop's tail block)
#   .device/pu/small:      the tm256 / tn192 kernels of --set tuned --small at probe-unroll 2 (sanitizer)
#   .device/v2/{hd,ex}:    the cluster pairs at HEAD and with ../2026-12-07-s19/exit.patch (h3's experiment)
set -euo pipefail
wheel=${1:?usage: prepare.sh WHEEL}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
gen=scripts/gen-kernels.py
benchmarks/prepare_device.sh --sets "tuned static" --deepgemm "$wheel"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pu=.device/pu; rm -rf $pu; mkdir -p $pu/ab/hd $pu/ab/u2 $pu/ab/u4 $pu/check $pu/small
for n in 1 2 4; do python3 $gen --set large-tiles --out $tmp/lt$n --probe-unroll $n > /dev/null; done
cp $tmp/lt1/lt_t256_* $pu/ab/hd/; cp $tmp/lt2/lt_t256_* $pu/ab/u2/; cp $tmp/lt4/lt_t256_* $pu/ab/u4/
python3 $gen --set tuned --out $tmp/tuned --probe-unroll 2 > /dev/null
cp $tmp/tuned/*_tm256.* $tmp/tuned/*_tn192.* $pu/check/
python3 $gen --set static --out $tmp/static --probe-unroll 2 > /dev/null
cp $tmp/static/fp8_m4096_* $tmp/static/fp8_m8192_* $pu/check/
for spec in "t256_k1408 256 128 1408" "t256_k1040 256 128 1040" "t192_k1152 128 192 1152" "t192_k656 128 192 656"; do
  set -- $spec
  cat > $tmp/pu_$1.mlir <<SPEC
gemm.matmul @pu_$1 {
  shape = [?, 2112, $4],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [$2, $3, 128]>
}
SPEC
  build/bin/gemm-opt $tmp/pu_$1.mlir "--gemm-to-ptx=probe-unroll=2" -o $pu/check/pu_$1.ptx
done
python3 $gen --set tuned --small --out $tmp/small --probe-unroll 2 > /dev/null
cp $tmp/small/*_tm256.* $tmp/small/*_tn192.* $pu/small/
echo "pu: $(ls $pu/ab/hd | grep -c json) x 3 timing kernels, $(ls $pu/check | grep -c json) checked, $(ls $pu/small | grep -c json) sanitized"
# The lowering's own choice (probe-unroll 0, p3.sh; made while .device/st still held the shipped
# probe-unroll 1 kernels): the tuned and static kernels it changes against
# .device/st, and 256 x 128 tiles over K = 1024, 1536, 3072 (ausmall: K = 1024, N = 200, for the sanitizer).
rm -rf $pu/auto $pu/ausmall; mkdir -p $pu/auto $pu/ausmall
python3 $gen --set tuned --out $tmp/tuned0 > /dev/null
python3 $gen --set static --out $tmp/static0 > /dev/null
for f in $tmp/tuned0/*_tm256.ptx $tmp/static0/fp8_m4096_*.ptx $tmp/static0/fp8_m8192_*.ptx; do
  b=$(basename "$f" .ptx); set=$(basename "$(dirname "$f")"); set=${set%0}
  cmp -s "$f" .device/st/$set/$b.ptx || cp "$(dirname "$f")/$b".* $pu/auto/
done
for spec in "t256_k1024 200 1024" "t256_k3072 2112 3072" "t256_k1536 576 1536"; do
  set -- $spec
  cat > $tmp/au_$1.mlir <<SPEC
gemm.matmul @au_$1 {
  shape = [?, $2, $3],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128]>
}
SPEC
  build/bin/gemm-opt $tmp/au_$1.mlir --gemm-to-ptx -o $pu/auto/au_$1.ptx
done
cp $pu/auto/au_t256_k1024.* $pu/ausmall/
# h3's cluster exit: the same pairs at HEAD and with exit.patch (env-gated by HOPGEMM_EXP_EXIT).
rm -rf .device/v2; mkdir -p .device/v2/hd .device/v2/ex
python3 $gen --set large-tiles --out $tmp/c0 > /dev/null
git apply benchmarks/results/2026-12-07-s19/exit.patch
trap 'git checkout lib/Conversion/GemmToNVGPU/GemmToNVGPU.cpp; ninja -C build gemm-opt > /dev/null; rm -rf "$tmp"' EXIT
ninja -C build gemm-opt > /dev/null
HOPGEMM_EXP_EXIT=1 python3 $gen --set large-tiles --out $tmp/c1 > /dev/null
for s in m4096_n7168_k16384 m8192_n8192_k8192; do
  cp $tmp/c0/lt_t256n2_$s.* .device/v2/hd/; cp $tmp/c1/lt_t256n2_$s.* .device/v2/ex/
done
du -sh .device
