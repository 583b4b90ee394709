#!/usr/bin/env bash
# Twenty-first session, GPU call 2 (run as one command line right after g1.sh, on the same warm H100, with
# what was left of the device time): the decode table (bench.py --rounds 3 over the 24 decode shapes),
# then the cluster pair (with the exit of item 57) against the unclustered 256 x 128 kernel on the five
# large shapes g1.sh did not time (ab.py, three rounds: .device/cx/ab7/au from gen-kernels --set
# large-tiles lt_t256_*, ex its lt_t256n2_*, ex2 the same with --probe-unroll 2). Same .device as g1.sh.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes "${D%,}" --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench-decode.json" > "$out/bench-decode.txt" 2>&1
echo "decode rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench-decode.txt" | cut -c1-150 | tail -27
timeout 120 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/cx/ab7 \
  --shapes 4096x4096x7168,4096x2112x7168,4096x24576x1536,4096x7168x2048,4096x32768x512 > "$out/ab7.txt" 2>&1
echo "ab7 rc=$?"; grep -v rel_err "$out/ab7.txt" | cut -c1-130
