#!/usr/bin/env bash
# Prepared in the twenty-second session for the next one's first GPU call (no machine was lent after
# g1.sh). .device from prepare-next.sh (see README.md). Most important first; everything writes into $OUT,
# few files (a call brings back only so many).
# 1. Item 59 (shipped): the GPU suite over every kernel the unroll of two changes (.device/u2/check, 16
#    kernels, M = 1, 127, 1000, 4096) and compute-sanitizer on 128 x 192 at N = 200, K = 512.
# 2. The issue table: bench.py --rounds 3 over the 13 shapes, .device/st at HEAD.
# 3. Item 62 (advance.patch, not shipped): its suite (.device/adv/check, 19 kernels) and sanitizer.
# 4. 128 x 192 at the seven large shapes: unroll 1 (u1), 2 (u2, HEAD), 2 with advance.patch (adv); four
#    interleaved rounds with DeepGEMM and cuBLASLt.
# 5. Item 61: the 256 x 128 kernel with raster groups of 4, 8 (HEAD) and 16 rows of tiles, three rounds.
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
check() {  # label, dir
  timeout 120 python3 test/gpu/run_suite.py --kernels .device/$2/check --gemm-run .device/bin/gemm-run \
    --m 1,127,1000,4096 > "$out/suite-$1.txt" 2>&1
  echo "suite $1 rc=$?"; tail -2 "$out/suite-$1.txt"; grep FAIL "$out/suite-$1.txt" | head -5
  timeout 60 python3 test/gpu/run_suite.py --kernels .device/$2/small --gemm-run .device/bin/gemm-run --sanitize \
    > "$out/sanitize-$1.txt" 2>&1
  echo "sanitize $1 rc=$?"; tail -2 "$out/sanitize-$1.txt"
}
check u2 u2
timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 --json "$out/bench.json" \
  > "$out/bench.txt" 2>&1
echo "bench rc=$?"; tail -16 "$out/bench.txt" | cut -c1-200
check adv adv
timeout 150 python3 $ab --rounds 4 --dg .device/dg --variants .device/u2/ab \
  --shapes 4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192 \
  > "$out/ab-192.txt" 2>&1
echo "ab-192 rc=$?"; grep -v rel_err "$out/ab-192.txt" | cut -c1-130
timeout 100 python3 $ab --rounds 3 --dg .device/dg --variants .device/rg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x4096x7168,4096x24576x1536 > "$out/ab-rg.txt" 2>&1
echo "ab-rg rc=$?"; grep -v rel_err "$out/ab-rg.txt" | cut -c1-130
