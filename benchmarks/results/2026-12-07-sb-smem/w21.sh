#!/usr/bin/env bash
# Sixteenth session, prepared for the next GPU call, not run. w17/w19's "t128" kernels were not
# 128 x 128: gen-kernels --set large-tiles left their config to the heuristic, which since item 43
# picks 256 x 128 (and 128 x 192 at N = 2112). Now with an explicit tile: the 128 x 128 kernel of the
# committed codegen (base: no copy of the B scales in the overlapped loop) against 3a05bcd's (sba: the
# copy of item 44 in every loop) and sba's 256 x 128, four shapes, three interleaved rounds; then
# ragged M through --set tuned with the heuristic of item 43. Prepare here:
#   benchmarks/prepare_device.sh --sets tuned --deepgemm .whl/sgl_deep_gemm-0.2.1-*.whl
#   scripts/gen-kernels.py --set large-tiles --out /tmp/lt-base
#   f=lib/Conversion/GemmToNVGPU/GemmToNVGPU.cpp; cp $f /tmp/keep.cpp
#   git show 3a05bcd:$f > $f && ninja -C build gemm-opt && scripts/gen-kernels.py --set large-tiles --out /tmp/lt-sba
#   cp /tmp/keep.cpp $f && ninja -C build gemm-opt
#   mkdir -p .device/v/base .device/v/sba && cp /tmp/lt-base/lt_t128_* .device/v/base/ \
#     && cp /tmp/lt-sba/lt_t128_* /tmp/lt-sba/lt_t256_m* .device/v/sba/
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 150 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x2112x7168 > "$out/ab-t128.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-t128.txt" | cut -c1-110; grep -E "FAIL|Error" "$out/ab-t128.txt" | head -3
timeout 60 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 4097x7168x2048,6000x4096x7168,4100x24576x1536,4500x32768x512,5000x2112x7168,1000x2112x7168,8000x7168x16384,300x7168x2048 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"; grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/ragged.txt" | cut -c1-60,180-
