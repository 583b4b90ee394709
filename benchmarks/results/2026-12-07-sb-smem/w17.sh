#!/usr/bin/env bash
# Sixteenth session, first GPU call. The tile's row of 128x128 B scales copied to shared memory
# by the math threads at the tile's start and read with ld.shared per K block (sba), against the
# committed kernels (base): ab.py over five large shapes, the heuristic's static kernel (m4096/m8192)
# and the 128 x 128 and 256 x 128 tiles (gen-kernels --set large-tiles), three interleaved rounds.
# Also the 256 x 128 tile in 2-CTA clusters (t256c2), which now probes too, its release arriving
# from lane r in the CTA of rank r. Then the GPU suite (suite, grouped, cluster) over this codegen.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
L=4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x2112x7168,4096x4096x7168
timeout 300 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --shapes $L --dg .device/dg \
  > "$out/ab-sb.txt" 2>&1; echo "ab rc=$?"
grep -v rel_err "$out/ab-sb.txt" | cut -c1-120; grep -E "FAIL|Error" "$out/ab-sb.txt" | head
for s in suite grouped cluster; do
  timeout 130 python3 test/gpu/run_suite.py --kernels .device/st/$s --gemm-run .device/bin/gemm-run --timeout 60 \
    > "$out/suite-$s.txt" 2>&1; echo "suite $s rc=$?"; tail -n 1 "$out/suite-$s.txt"
  grep -E "FAIL|ERROR|error" "$out/suite-$s.txt" | head -5
done
