#!/usr/bin/env bash
# Twenty-second session, GPU call 2: the lowering's unroll of two for one-wave probing tiles (128 x 192)
# (item 59). .device/u2 from prepare-u2.sh.
# 1. Correctness: the GPU suite over every kernel the new default changes in --set tuned / static /
#    recipes, and 128 x 192 tiles over K = 512, 768, 1024, 2048 at ragged N (M = 1, 127, 1000, 4096);
#    compute-sanitizer on 128 x 192 at N = 200, K = 512.
# 2. Timing: 128 x 192 at the seven large shapes, unroll 1 (HEAD's default) against 2, with DeepGEMM and
#    cuBLASLt, five interleaved rounds.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 200 python3 test/gpu/run_suite.py --kernels .device/u2/check --gemm-run .device/bin/gemm-run --m 1,127,1000,4096 \
  > "$out/suite-u2.txt" 2>&1
echo "suite rc=$?"; tail -4 "$out/suite-u2.txt"; grep -E "FAIL" "$out/suite-u2.txt" | head -5
timeout 120 python3 test/gpu/run_suite.py --kernels .device/u2/small --gemm-run .device/bin/gemm-run --sanitize \
  > "$out/sanitize-u2.txt" 2>&1
echo "sanitize rc=$?"; tail -3 "$out/sanitize-u2.txt"
timeout 240 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 5 --dg .device/dg --variants .device/u2/ab \
  --shapes 4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192 \
  > "$out/ab-u2.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-u2.txt" | cut -c1-130
