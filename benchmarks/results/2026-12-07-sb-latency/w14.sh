#!/usr/bin/env bash
# Fifteenth session, last GPU call: the committed codegen (probe) and heuristic (256 x 128 from
# M = 4096). .device/st: gen-kernels --set tuned (with the _tm256 kernels) and --set static +
# decode-small. 1: ragged M through the tuned set, where fp8_gemm_nt's pick is a _tm256 or _tn192
# kernel; 2: the DeepSeek table and the 24 decode shapes with DeepGEMM (.device/dg) and the peers.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 60 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 4097x7168x2048,6000x4096x7168,4100x24576x1536,4500x32768x512,5000x2112x7168,8000x7168x16384,300x7168x2048 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"; grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/ragged.txt" | cut -c1-50,150-
bench() {  # name shapes
  timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
    --peers .device/peers.py --shapes "$2" --deepgemm-kernels .device/dg --json "$out/$1.json" > "$out/$1.txt" 2>&1
  echo "$1 rc=$?"; grep -E '^ *M |^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/$1.txt" | cut -c1-200
}
bench bench deepseek
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
bench bench-decode "${D%,}"
bench bench2 deepseek
