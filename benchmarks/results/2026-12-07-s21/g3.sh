#!/usr/bin/env bash
# Twenty-first session, GPU call 3 (with the last ~4 minutes of device time): ncu source counters, one
# launch each at 4096 x 7168 x 16384, of our unclustered 256 x 128 kernel at the lowering's unroll (4;
# .device/v3/au from gen-kernels --set large-tiles) and of DeepGEMM's kernel: cycles, and the stall
# samples per instruction (stalls.py) and per opcode (../2026-12-07-s19/h2/opcodes.py).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
prof() {  # label, ab.py --only name, kernel regex
  timeout 80 ncu --clock-control none --section SourceCounters --section WarpStateStats --section SpeedOfLight \
    -k "regex:$3" -c 1 -o "/tmp/$1" \
    python3 $here/ab.py --only "$2" --shapes 4096x7168x16384 --variants .device/v3 --dg .device/dg \
    > "$out/ncu-$1.txt" 2>&1
  echo "ncu $1 rc=$?"
  ncu -i "/tmp/$1.ncu-rep" --page details > "$out/details-$1.txt" 2>&1
  grep -E "Duration|SM Frequency|Elapsed Cycles|Compute \(SM\) Throughput|Warp Cycles Per Issued" "$out/details-$1.txt" | head -6
  ncu -i "/tmp/$1.ncu-rep" --page source --csv --print-source sass > "/tmp/src-$1.csv" 2>/dev/null
  python3 $here/stalls.py "/tmp/src-$1.csv" > "$out/stalls-$1.txt" 2>&1; sed -n 2,12p "$out/stalls-$1.txt" | cut -c1-160
  gzip -c "/tmp/src-$1.csv" > "$out/src-$1.csv.gz"
  python3 benchmarks/results/2026-12-07-s19/h2/opcodes.py "$out/src-$1.csv.gz" > "$out/opcodes-$1.txt" 2>&1
  cut -c1-200 "$out/opcodes-$1.txt"
}
prof au "au t256" lt_t256_m
prof dg "DeepGEMM dg" sm90_fp8
