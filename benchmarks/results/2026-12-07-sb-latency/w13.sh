#!/usr/bin/env bash
# Fifteenth session, sixth GPU call: how the 256 x 128 loop probes the next block (.device/v):
# fin = try_wait every block (w12: -4% at K = 512, where the last block of a tile probes the next
# tile's first), guard = try_wait only where the item has a next block, test = test_wait (never
# suspends) every block, head = no probe; guard's 't128' (the heuristic tile, 128 x 192 ping-pong at
# three shapes). Then the recipe kernels (guard) through the GPU suite, with the time it needs.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
L=4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192
timeout 330 python3 $here/ab.py --rounds 3 --shapes $L --dg .device/dg > "$out/ab-guard.txt" 2>&1; echo "ab rc=$?"
grep -v rel_err "$out/ab-guard.txt"; grep -E "FAIL|Error" "$out/ab-guard.txt" | head
timeout 230 python3 test/gpu/run_suite.py --kernels .device/st/recipes --gemm-run .device/bin/gemm-run --timeout 60 \
  > "$out/suite-recipes.txt" 2>&1; echo "suite recipes rc=$?"; tail -n 1 "$out/suite-recipes.txt"
grep -E "FAIL|ERROR|error" "$out/suite-recipes.txt" | head -5
