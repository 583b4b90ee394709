#!/usr/bin/env bash
# Third call (same .device): item 62 (advance.patch: suite, then 128 x 192 at unroll 1 / 2 / 2 + patch at
# the seven large shapes) and item 61's raster groups: parts 3-5 of ../2026-12-08-s22/next.sh.
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 120 python3 test/gpu/run_suite.py --kernels .device/adv/check --gemm-run .device/bin/gemm-run \
  --m 1,127,1000,4096 > "$out/suite-adv.txt" 2>&1
echo "suite adv rc=$?"; tail -2 "$out/suite-adv.txt"; grep FAIL "$out/suite-adv.txt" | head -5
timeout 60 python3 test/gpu/run_suite.py --kernels .device/adv/small --gemm-run .device/bin/gemm-run --sanitize \
  > "$out/sanitize-adv.txt" 2>&1
echo "sanitize adv rc=$?"; tail -2 "$out/sanitize-adv.txt"
timeout 150 python3 $ab --rounds 4 --dg .device/dg --variants .device/u2/ab \
  --shapes 4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192 \
  > "$out/ab-192.txt" 2>&1
echo "ab-192 rc=$?"; grep -v rel_err "$out/ab-192.txt" | cut -c1-130
timeout 100 python3 $ab --rounds 3 --dg .device/dg --variants .device/rg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x4096x7168,4096x24576x1536 > "$out/ab-rg.txt" 2>&1
echo "ab-rg rc=$?"; grep -v rel_err "$out/ab-rg.txt" | cut -c1-130
