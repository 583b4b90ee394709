#!/usr/bin/env bash
# Fifteenth session, first GPU call. 1: the --set tuned kernels at HEAD (a151392, df688f5) at ragged
# shapes; 2: ab.py: 128 x 128 and 256 x 128 kernels of four codegens (.device/v: old = before
# a151392, nu = HEAD, pf1/pf2 = the 128x128 B scale loaded a block ahead, after/before the block's
# barrier wait) beside DeepGEMM (default and a0) and cuBLASLt; 3: ncu source counters of nu t256.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 90 python3 benchmarks/bench.py --kernels .device/tuned_new --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 1x7168x2048,37x2112x7168,127x24576x1536,300x32768x512,1000x4096x7168,4000x7168x16384,4097x7168x2048 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"
grep -E 'passed' "$out/ragged.txt"; grep -E 'FAIL' "$out/ragged.txt" | cut -c1-80
timeout 240 python3 $here/ab.py > "$out/ab.txt" 2>&1; echo "ab rc=$?"; grep -v rel_err "$out/ab.txt"; grep -E "FAIL|Error|error" "$out/ab.txt" | head
timeout 90 ncu --clock-control none --section SourceCounters --section WarpStateStats -k regex:lt_t256 -c 1 \
  -o "$out/nu256" python3 $here/ab.py --only "nu t256" --shapes 4096x7168x16384 > "$out/ncu-log.txt" 2>&1; echo "ncu rc=$?"
tail -3 "$out/ncu-log.txt"
ncu -i "$out/nu256.ncu-rep" --page source --csv --print-source sass > "$out/src-nu256.csv" 2> "$out/src-err.txt"; echo "src rc=$?"
head -c 300 "$out/src-err.txt"; python3 $here/stalls.py "$out/src-nu256.csv" 2>&1 | head -70
