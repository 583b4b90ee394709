#!/usr/bin/env bash
# Fifteenth session, third GPU call, codegen of HEAD (.device/v/nu: gen-kernels --set large-tiles).
# 1: ab.py over the seven large DeepSeek shapes: 128 x 128, 256 x 128 and 256 x 128 in 2-CTA
#    clusters beside DeepGEMM's default and cuBLASLt, three interleaved rounds;
# 2: ncu source counters + SpeedOfLight of ours t128, t256 and DeepGEMM a0 at 4096 x 7168 x 16384;
# 3: the tensor-pipe metrics ncu knows (names for the next call).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
L=4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192
timeout 330 python3 $here/ab.py --shapes $L --dg .device/dg > "$out/ab-large.txt" 2>&1; echo "ab rc=$?"
grep -v rel_err "$out/ab-large.txt"; grep -E "FAIL|Error|error" "$out/ab-large.txt" | head
prof() {  # label, ab.py --only name, kernel regex, dg dirs
  timeout 100 ncu --clock-control none --section SourceCounters --section WarpStateStats --section SpeedOfLight \
    --section ComputeWorkloadAnalysis -k "regex:$3" -c 1 -o "$out/$1" \
    python3 $here/ab.py --only "$2" --shapes 4096x7168x16384 --dg "$4" > "$out/ncu-$1.txt" 2>&1
  echo "ncu $1 rc=$?"
  ncu -i "$out/$1.ncu-rep" --page details > "$out/details-$1.txt" 2>&1
  cat "$out/ncu-$1.txt" >> "$out/details-$1.txt"; rm -f "$out/ncu-$1.txt"
  grep -E "Duration|SM Frequency|Elapsed Cycles|Compute \(SM\) Throughput|SM Busy|Issue Slots Busy|Executed Ipc A|Memory Throughput" "$out/details-$1.txt" | head -12
  ncu -i "$out/$1.ncu-rep" --page source --csv --print-source sass > "$out/src-$1.csv" 2>/dev/null
  python3 $here/stalls.py "$out/src-$1.csv" 2>&1 | sed -n 2,3p
  rm -f "$out/$1.ncu-rep"
}
prof t128 "nu t128" lt_t128 .device/dg
prof t256 "nu t256" lt_t256 .device/dg
prof dga0 "DeepGEMM a0" sm90_fp8 .device/dgx/a0
ncu --query-metrics --chip gh100 2>/dev/null | grep -iE "gmma|tensor_op|pipe_tensor" | head -30
