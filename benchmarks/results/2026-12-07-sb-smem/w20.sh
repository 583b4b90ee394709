#!/usr/bin/env bash
# Sixteenth session, fourth GPU call: the committed codegen with the refitted heuristic (128 x 128 at
# every DeepSeek shape at M = 4096 and 8192^3): the DeepSeek table with bench.py --rounds 3 (DeepGEMM's
# kernels in .device/dg); ragged M through --set tuned; compute-sanitizer (memcheck, racecheck,
# synccheck) at M = 127 over gen-kernels --small kernels that copy the B scales to shared memory
# (general, _tn192) and 2-CTA cluster kernels (lane-per-rank release, probe).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 150 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 --json "$out/bench.json" \
  > "$out/bench.txt" 2>&1
echo "bench rc=$?"; grep -E '^ *M |^ *[0-9]+ +[0-9]+ +[0-9]+ |passed|!' "$out/bench.txt" | cut -c1-200
timeout 90 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 4097x7168x2048,6000x4096x7168,4100x24576x1536,4500x32768x512,5000x2112x7168,1000x2112x7168,8000x7168x16384,300x7168x2048 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"; grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/ragged.txt" | cut -c1-150
timeout 200 python3 test/gpu/run_suite.py --kernels .device/st/san --gemm-run .device/bin/gemm-run --m 127 --repeat 1 \
  --sanitize --timeout 100 > "$out/sanitize.txt" 2>&1; echo "sanitize rc=$?"; tail -n 3 "$out/sanitize.txt"
grep -E "FAIL|ERROR|error" "$out/sanitize.txt" | head -5
