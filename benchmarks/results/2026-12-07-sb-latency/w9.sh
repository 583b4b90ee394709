#!/usr/bin/env bash
# Fifteenth session, second GPU call: the 128x128 B scales staged in shared memory by the producer
# (cp.async tracked by the stage's full barrier; .device/st, built at the working tree of this
# commit). 1: GPU correctness suite over the suite, grouped and recipe kernels; 2: ab.py, HEAD (nu)
# against staged (st) 128 x 128 / 256 x 128 beside DeepGEMM and cuBLASLt; 3: the DeepSeek table
# and the decode shapes through bench.py with the staged tuned/static kernels and DeepGEMM.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
for set in suite grouped recipes; do
  timeout 150 python3 test/gpu/run_suite.py --kernels .device/st/$set --gemm-run .device/bin/gemm-run --timeout 60 \
    > "$out/suite-$set.txt" 2>&1; echo "suite $set rc=$?"; tail -n 2 "$out/suite-$set.txt"
  grep -iE "fail|error" "$out/suite-$set.txt" | head -5
done
timeout 200 python3 $here/ab.py > "$out/ab.txt" 2>&1; echo "ab rc=$?"; grep -v rel_err "$out/ab.txt"; grep -E "FAIL|Error|error" "$out/ab.txt" | head
bench() {  # name shapes
  timeout 200 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
    --peers .device/peers.py --shapes "$2" --deepgemm-kernels .device/dg --json "$out/$1.json" > "$out/$1.txt" 2>&1
  echo "$1 rc=$?"; grep -E '^ *M |^ *[0-9]+ +[0-9]+ +[0-9]+ |passed|!' "$out/$1.txt" | cut -c1-200
}
bench bench deepseek
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
bench bench-decode "${D%,}"
