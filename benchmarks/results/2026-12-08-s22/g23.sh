#!/usr/bin/env bash
# Twenty-second session, one call (device starts were scarce), most important first:
# 1. g2.sh's correctness part: the GPU suite over what the unroll of two changes (.device/u2/check) and
#    compute-sanitizer on 128 x 192 at N = 200, K = 512 (.device/u2/small).
# 2. g3.sh: the issue table (bench.py --rounds 3) with .device/st at the new default.
# 3. g2.sh's timing part: 128 x 192 at the seven large shapes, unroll 1 against 2 (.device/u2/ab), four rounds.
# 4. Tile order (item 61): the 256 x 128 kernel with raster groups of 4, 8 (shipped) and 16 rows of tiles
#    (prepare-rg.sh), three interleaved rounds.
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 150 python3 test/gpu/run_suite.py --kernels .device/u2/check --gemm-run .device/bin/gemm-run --m 1,127,1000,4096 \
  > "$out/suite-u2.txt" 2>&1
echo "suite rc=$?"; tail -3 "$out/suite-u2.txt"; grep -E "FAIL" "$out/suite-u2.txt" | head -5
timeout 90 python3 test/gpu/run_suite.py --kernels .device/u2/small --gemm-run .device/bin/gemm-run --sanitize \
  > "$out/sanitize-u2.txt" 2>&1
echo "sanitize rc=$?"; tail -2 "$out/sanitize-u2.txt"
bash benchmarks/results/2026-12-08-s22/g3.sh
timeout 150 python3 $ab --rounds 4 --dg .device/dg --variants .device/u2/ab \
  --shapes 4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192 \
  > "$out/ab-u2.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-u2.txt" | cut -c1-130
timeout 120 python3 $ab --rounds 3 --dg .device/dg --variants .device/rg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x4096x7168,4096x24576x1536 > "$out/ab-rg.txt" 2>&1
echo "ab-rg rc=$?"; grep -v rel_err "$out/ab-rg.txt" | cut -c1-130
