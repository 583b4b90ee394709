#!/usr/bin/env bash
# Prepared for the next session (not run). The probing loop unrolled by 2 with the promoted registers
# fenced (fence-unroll.patch; docs/performance.md item 54: no spills, 202.5 SASS instructions a block
# against 210) beside HEAD's kernels and DeepGEMM, on the seven large shapes. Prepare here:
#   benchmarks/prepare_device.sh --sets tuned --deepgemm <sgl-deep-gemm 0.2.1 wheel>
#   scripts/gen-kernels.py --set large-tiles --out /tmp/lt0
#   git apply benchmarks/results/2026-12-07-s19/fence-unroll.patch && ninja -C build gemm-opt
#   HOPGEMM_EXP_FENCE=1 HOPGEMM_EXP_UNROLL=2 scripts/gen-kernels.py --set large-tiles --out /tmp/ltf2
#   git checkout lib/Conversion/GemmToNVGPU/GemmToNVGPU.cpp && ninja -C build gemm-opt
#   mkdir -p .device/v4/hd .device/v4/f2; cp /tmp/lt0/lt_t256_* /tmp/lt0/lt_t128_* .device/v4/hd/
#   cp /tmp/ltf2/lt_t256_* .device/v4/f2/
# Expected: +1-3% for 256 x 128 (item 54). Kept if it gains beyond the 0.1-1.8% noise floor on most shapes.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 400 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/v4 \
  --shapes 4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x4096x7168,4096x7168x2048,4096x32768x512,4096x2112x7168 \
  > "$out/ab-fence.txt" 2>&1
echo "ab fence rc=$?"; grep -v rel_err "$out/ab-fence.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-fence.txt"
