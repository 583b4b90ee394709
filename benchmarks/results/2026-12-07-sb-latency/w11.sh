#!/usr/bin/env bash
# Fifteenth session, fourth GPU call: 256 x 128 loop variants (.device/v): nu = HEAD; pr = the next
# block's full barrier probed (try_wait) after the stage's release, before the promotion's FMAs,
# with the ring position carried; prd = pr + wgmma descriptors built in 32 bits; d32r = 32-bit
# descriptors + ring carried, no probe. Four shapes, four interleaved rounds, with our 128 x 128,
# DeepGEMM's default and cuBLASLt.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 400 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 4 --dg .device/dg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x7168x2048 > "$out/ab-probe.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-probe.txt"; grep -E "FAIL|Error|error" "$out/ab-probe.txt" | head
