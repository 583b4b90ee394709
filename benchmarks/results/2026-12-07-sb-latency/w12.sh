#!/usr/bin/env bash
# Fifteenth session, fifth GPU call: the probe of the next block's barrier (non-overlapped loops:
# 256 x 128 and the 128 x 192 ping-pong) as committed. 1: the GPU correctness suite over the
# suite, grouped and recipe kernels and --set tuned at ragged shapes; 2: ab.py over the seven
# large shapes: HEAD before (head) and after (fin), gen-kernels --set large-tiles 't128' (the
# heuristic's tile: 128 x 192 at N = 2112, 32768 and 8192^3) and 256 x 128.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
for set in suite grouped recipes; do
  timeout 150 python3 test/gpu/run_suite.py --kernels .device/st/$set --gemm-run .device/bin/gemm-run --timeout 60 \
    > "$out/suite-$set.txt" 2>&1; echo "suite $set rc=$?"; tail -n 1 "$out/suite-$set.txt"
  grep -E "FAIL|ERROR|error" "$out/suite-$set.txt" | head -5
done
timeout 60 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 1x7168x2048,37x2112x7168,127x24576x1536,300x32768x512,1000x4096x7168,4000x7168x16384,4097x7168x2048,5000x2112x7168,8191x8192x8192 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"; grep -E 'passed' "$out/ragged.txt"; grep FAIL "$out/ragged.txt" | cut -c1-90
L=4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192
timeout 420 python3 $here/ab.py --rounds 4 --shapes $L --dg .device/dg > "$out/ab-fin.txt" 2>&1; echo "ab rc=$?"
grep -v rel_err "$out/ab-fin.txt"; grep -E "FAIL|Error" "$out/ab-fin.txt" | head
