#!/usr/bin/env bash
# Fills .device/ (git-ignored), the folder a GPU call carries: what the GPU
# machine cannot build, since it has no MLIR and no package registry.
#
#   benchmarks/prepare_device.sh [--sets "tuned static suite ..."] [--deepgemm WHEEL]
#
#   .device/lib/libhopgemm_runtime.so, .device/bin/gemm-run   from build/
#   .device/peers.py                                          ../shared/bench/peers.py
#   .device/st/<set>/                                         scripts/gen-kernels.py --set <set>
#                                                             (static also gets decode-small's kernels:
#                                                             bench.py's --decode-kernels)
#   .device/dg/                                               DeepGEMM's kernels for the DeepSeek and the
#                                                             24 decode shapes (benchmarks/deepgemm_kernels.py),
#                                                             with --deepgemm and the path of any DeepGEMM
#                                                             wheel (only its headers are used)
#
# Run scripts/bootstrap.sh (or scripts/test.sh) first: it needs build/.
# Then, e.g. on the GPU machine:
#   HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so python3 benchmarks/bench.py \
#     --kernels .device/st/tuned --decode-kernels .device/st/static --peers .device/peers.py \
#     --deepgemm-kernels .device/dg --rounds 3
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sets="tuned static suite grouped recipes cluster"
wheel=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sets) sets="$2"; shift 2 ;;
    --deepgemm) wheel="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "prepare_device.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for f in build/lib/libhopgemm_runtime.so build/bin/gemm-run build/bin/gemm-opt; do
  [ -e "$root/$f" ] || { echo "prepare_device.sh: $f is missing; run scripts/bootstrap.sh first" >&2; exit 1; }
done
peers="$root/../shared/bench/peers.py"
[ -e "$peers" ] || { echo "prepare_device.sh: $peers is missing" >&2; exit 1; }

dev="$root/.device"
mkdir -p "$dev/lib" "$dev/bin" "$dev/st"
cp "$root/build/lib/libhopgemm_runtime.so" "$dev/lib/"
cp "$root/build/bin/gemm-run" "$dev/bin/"
cp "$peers" "$dev/"
for set in $sets; do
  rm -rf "$dev/st/$set"
  python3 "$root/scripts/gen-kernels.py" --set "$set" --out "$dev/st/$set" > /dev/null
  if [ "$set" = static ]; then
    python3 "$root/scripts/gen-kernels.py" --set decode-small --out "$dev/st/static" > /dev/null
  fi
  echo "st/$set: $(ls "$dev/st/$set" | grep -c '\.json$') kernels"
done
if [ -n "$wheel" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 -m zipfile -e "$wheel" "$tmp"
  rm -rf "$dev/dg"
  python3 "$root/benchmarks/deepgemm_kernels.py" --include "$tmp/deep_gemm/include" --out "$dev/dg" \
    --shapes deepseek,decode --nvcc "${NVCC:-/usr/local/cuda/bin/nvcc}" \
    --version "$(basename "$wheel" .whl) headers" > /dev/null
  echo "dg: $(ls "$dev/dg" | grep -c '\.cubin$') DeepGEMM kernels"
fi
echo "$(du -sh "$dev" | cut -f1) in .device (a GPU call carries at most 64 MiB)"
