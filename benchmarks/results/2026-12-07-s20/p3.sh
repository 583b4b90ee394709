#!/usr/bin/env bash
# Twentieth session, GPU call 3 (after p0 and p1, which ran in 66 and 28 s): eight interleaved rounds of
# probe-unroll 1 / 2 / 4 (256 x 128) on the six large shapes where the heuristic picks that tile, to
# tell p1's +0-2% from the spread; then p2.sh's parts, the longest last: probe-unroll 2's suite, the
# cluster exit, the sanitizer sample. Each output straight to $OUT.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
timeout 150 python3 $ab --rounds 8 --dg .device/dg --variants .device/pu/ab \
  --shapes 8192x8192x8192,4096x7168x16384,4096x24576x1536,4096x4096x7168,4096x7168x2048,4096x32768x512 \
  > "$out/ab-unroll-8.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-unroll-8.txt" | cut -c1-150; grep -c "rel_err 0.001" "$out/ab-unroll-8.txt"
timeout 90 python3 test/gpu/run_suite.py --kernels .device/pu/check --gemm-run .device/bin/gemm-run \
  --m 1,127,300,1000,4096 --timeout 60 > "$out/suite-pu2.txt" 2> "$out/suite-pu2-progress.txt"
echo "suite rc=$?"; tail -n 2 "$out/suite-pu2.txt"
timeout 40 python3 $ab --rounds 3 --dg .device/dg --variants .device/v2 \
  --shapes 4096x7168x16384,8192x8192x8192 > "$out/ab-exit.txt" 2>&1
echo "ab exit rc=$?"; grep -v rel_err "$out/ab-exit.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-exit.txt"
timeout 120 python3 test/gpu/run_suite.py --kernels .device/pu/small --gemm-run .device/bin/gemm-run \
  --m 127 --timeout 60 --sanitize > "$out/sanitize-pu2.txt" 2>&1
echo "sanitize rc=$?"; tail -n 4 "$out/sanitize-pu2.txt"
