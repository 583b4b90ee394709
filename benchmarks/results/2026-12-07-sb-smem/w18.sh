#!/usr/bin/env bash
# Sixteenth session, second GPU call: the committed codegen's tables with bench.py --rounds 3
# (everyone timed three times per shape, order rotated each round, medians): the DeepSeek shapes
# (.device/st/tuned, .device/st/static = --set static + decode-small, DeepGEMM's kernels in .device/dg)
# and the 24 decode shapes; then the recipe kernels through the GPU suite.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
bench() {
  timeout "$3" python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
    --peers .device/peers.py --shapes "$2" --deepgemm-kernels .device/dg --rounds 3 --json "$out/$1.json" \
    > "$out/$1.txt" 2>&1
  echo "$1 rc=$?"; grep -E '^ *M |^ *[0-9]+ +[0-9]+ +[0-9]+ |passed|!' "$out/$1.txt" | cut -c1-200
}
bench bench deepseek 200
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
bench bench-decode "${D%,}" 150
timeout 230 python3 test/gpu/run_suite.py --kernels .device/st/recipes --gemm-run .device/bin/gemm-run --timeout 60 \
  > "$out/suite-recipes.txt" 2>&1; echo "suite recipes rc=$?"; tail -n 1 "$out/suite-recipes.txt"
grep -E "FAIL|ERROR|error" "$out/suite-recipes.txt" | head -5
