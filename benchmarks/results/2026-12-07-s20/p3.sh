#!/usr/bin/env bash
# Twentieth session, GPU call 3 (after p0 and p1, which ran in 66 and 28 s): eight interleaved rounds of
# probe-unroll 1 / 2 / 4 (256 x 128) on the six large shapes where the heuristic picks that tile, to
# tell p1's +0-2% from the spread; then correctness of the lowering's own choice (probe-unroll 0: four
# for 256-row tiles over a multiple of four K blocks, at least eight; .device/pu/auto: every tuned and
# static kernel it changes, and 256 x 128 tiles over K = 1024, 1536, 3072 at ragged N) with the suite and
# a sanitizer sample; probe-unroll 2's suite; the cluster exit. Each output straight to $OUT.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
suite="python3 test/gpu/run_suite.py --gemm-run .device/bin/gemm-run --timeout 60"
timeout 150 python3 $ab --rounds 8 --dg .device/dg --variants .device/pu/ab \
  --shapes 8192x8192x8192,4096x7168x16384,4096x24576x1536,4096x4096x7168,4096x7168x2048,4096x32768x512 \
  > "$out/ab-unroll-8.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-unroll-8.txt" | cut -c1-150; grep -c "rel_err 0.001" "$out/ab-unroll-8.txt"
timeout 90 $suite --kernels .device/pu/auto --m 1,127,300,1000,4096 > "$out/suite-auto.txt" 2> "$out/suite-auto-progress.txt"
echo "suite auto rc=$?"; tail -n 2 "$out/suite-auto.txt"
timeout 60 $suite --kernels .device/pu/ausmall --m 127 --sanitize > "$out/sanitize-auto.txt" 2>&1
echo "sanitize auto rc=$?"; tail -n 4 "$out/sanitize-auto.txt"
timeout 60 $suite --kernels .device/pu/check --m 1,300,4096 > "$out/suite-pu2.txt" 2> "$out/suite-pu2-progress.txt"
echo "suite pu2 rc=$?"; tail -n 2 "$out/suite-pu2.txt"
timeout 40 python3 $ab --rounds 3 --dg .device/dg --variants .device/v2 \
  --shapes 4096x7168x16384,8192x8192x8192 > "$out/ab-exit.txt" 2>&1
echo "ab exit rc=$?"; grep -v rel_err "$out/ab-exit.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-exit.txt"
