#!/usr/bin/env bash
# Eighteenth session, GPU call 6: prepared, not run (no H100 started). Prepare (about 3 minutes):
#   benchmarks/prepare_device.sh --sets "tuned static" --deepgemm <sgl-deep-gemm 0.2.1 wheel>
#   rm -rf .device/vd .device/v; mkdir -p .device/vd/dec .device/v/ms
#   cp .device/st/static/fp8_m{16,32,64}_n32768_k512.* .device/vd/dec/     (and .device/vd/k5 as in g5.sh)
#   scripts/gen-kernels.py --set m-sweep --out .device/v/ms
# 1. At N = 32768, K = 512 ours and the peers sit within a timer step of each other under do_bench (13.3
#    or 14.0 us at M = 32). Is the difference in the kernels or around them? Each kernel's own device
#    time (ab.py --profile: torch.profiler, L2 cleared between launches).
# 2. fp8_gemm_nt's picks at M = 256-768 over the precompiled tuned set (128 x 64 and 128 x 96 in it).
# 3. 128 x 112 at the single-round shapes.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
timeout 150 python3 $ab --profile --triton --dg .device/dg --variants .device/vd \
  --shapes 32x32768x512,64x32768x512,16x32768x512,128x32768x512 > "$out/profile-k512.txt" 2>&1
echo "profile rc=$?"; grep -v rel_err "$out/profile-k512.txt" | cut -c1-150
[ "${G6_PART2:-1}" = 1 ] || exit 0
# 2: through the runtime-only library's rule; correctness and the ratio to the peers.
S=$(for m in ${G6_MS:-256 512 768}; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-deepgemm \
  --shapes "${S%,}" --json "$out/bench-mid.json" > "$out/bench-mid.txt" 2>&1
echo "bench mid rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench-mid.txt" | cut -c1-120 | tail -21
[ "${G6_PART3:-1}" = 1 ] || exit 0  # (the nineteenth session's h3.sh runs parts 1 and 2 only)
# 3: the single-round shapes that still trail cuBLASLt (256 x 7168, 512 x 4096: 112 and 128 tiles of
# 128 x 128), 128 x 112 beside the five tiles of the rule.
timeout 120 python3 $ab --rounds 3 --dg "" --variants .device/v \
  --shapes 256x7168x16384,256x7168x2048,512x4096x7168,512x7168x2048,768x4096x7168 > "$out/ab-tn112.txt" 2>&1
echo "ab tn112 rc=$?"; grep -v rel_err "$out/ab-tn112.txt" | cut -c1-100
