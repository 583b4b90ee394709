#!/usr/bin/env bash
# Eighteenth session, GPU call 4 (the last). Prepared here:
#   benchmarks/prepare_device.sh --sets "tuned static"   (dg/ kept from g1's --deepgemm)
#   benchmarks/results/2026-12-07-s18/gen-new-kernels.sh .device/st
#   .device/v/ms as in g3.sh
# 1. GPU suite over this session's new configs (narrow tiles, 8-stage K = 512), sanitizer sample;
# 2. the issue table: bench.py --rounds 3 --shapes deepseek;
# 3. the decode table: bench.py --rounds 3 over the 24 decode shapes;
# 4. (exploratory) the five large-M tiles at M = 1024, where the rule does not consider the narrow ones.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 100 python3 test/gpu/run_suite.py --kernels .device/st/new --gemm-run .device/bin/gemm-run --timeout 30 \
  > "$out/suite-new.txt" 2>&1; echo "suite new rc=$?"; tail -n 2 "$out/suite-new.txt"
grep -E "FAIL|ERROR|error" "$out/suite-new.txt" | head -5
timeout 100 python3 test/gpu/run_suite.py --kernels .device/st/new-small --gemm-run .device/bin/gemm-run --timeout 60 \
  --m 1,127,300 --sanitize-m 127 --sanitize > "$out/sanitize-new.txt" 2>&1; echo "sanitize rc=$?"; tail -n 4 "$out/sanitize-new.txt"
grep -E "FAIL|ERROR" "$out/sanitize-new.txt" | head -5
timeout 220 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench.json" > "$out/bench.txt" 2>&1
echo "bench rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench.txt" | cut -c1-150 | tail -16
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 150 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes "${D%,}" --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench-decode.json" > "$out/bench-decode.txt" 2>&1
echo "decode table rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench-decode.txt" | cut -c1-150 | tail -27
S=$(for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do printf "1024x%s," $nk; done)
timeout 80 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 2 --dg "" --variants .device/v \
  --shapes "${S%,}" > "$out/ab-sweep-1024.txt" 2>&1
echo "ab 1024 rc=$?"; grep -v rel_err "$out/ab-sweep-1024.txt" | cut -c1-100
