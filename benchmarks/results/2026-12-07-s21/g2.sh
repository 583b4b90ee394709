#!/usr/bin/env bash
# Twenty-first session, GPU call 2: the decode table (bench.py --rounds 3 over the 24 decode shapes), same
# .device as g1.sh.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes "${D%,}" --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench-decode.json" > "$out/bench-decode.txt" 2>&1
echo "decode table rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench-decode.txt" | cut -c1-150 | tail -27
