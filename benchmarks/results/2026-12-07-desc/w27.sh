#!/usr/bin/env bash
# Seventeenth session, prepared for the next GPU call, not run (no GPU time left). Why our 2-CTA cluster
# pair waits where DeepGEMM's does not (item 46: cluster [1, 2] 1.14 M cycles against 1.03 M without a
# cluster; DeepGEMM, multicast on A, 1.00 M), and where our unclustered loop loses its last 3.6% of cycles.
# ncu source counters (per-instruction stall samples, stalls.py of the fifteenth session) of one launch
# each at 4096 x 7168 x 16384: ours 256 x 128 without a cluster, along N (A shared), along M (B shared),
# and DeepGEMM's default. Read: the samples on the producer's `empty` wait (SYNCS.PHASECHK after the
# consumers' release) and the consumers' `full` wait, ours against DeepGEMM's.
# Prepare here (about 2 minutes):
#   benchmarks/prepare_device.sh --sets tuned --deepgemm <sgl-deep-gemm 0.2.1 wheel>
#   rm -rf .device/v && mkdir -p .device/v/hd && scripts/gen-kernels.py --set large-tiles --out /tmp/lt \
#     && cp /tmp/lt/lt_t256*_m4096_n7168_k16384.* .device/v/hd/
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
prof() {  # label, ab.py --only name, kernel regex
  timeout 100 ncu --clock-control none --section SourceCounters --section WarpStateStats --section SpeedOfLight \
    -k "regex:$3" -c 1 -o "$out/$1" \
    python3 $here/ab.py --only "$2" --shapes 4096x7168x16384 --dg .device/dg > "$out/ncu-$1.txt" 2>&1
  echo "ncu $1 rc=$?"
  ncu -i "$out/$1.ncu-rep" --page details > "$out/details-$1.txt" 2>&1
  grep -E "Duration|SM Frequency|Elapsed Cycles|Compute \(SM\) Throughput|Warp Cycles Per Issued" "$out/details-$1.txt" | head -6
  ncu -i "$out/$1.ncu-rep" --page source --csv --print-source sass > "$out/src-$1.csv" 2>/dev/null
  python3 $here/stalls.py "$out/src-$1.csv" > "$out/stalls-$1.txt" 2>&1; sed -n 2,14p "$out/stalls-$1.txt" | cut -c1-160
  gzip -f "$out/src-$1.csv"; rm -f "$out/$1.ncu-rep"
}
prof t256 "hd t256" lt_t256_m
prof t256n2 "hd t256n2" lt_t256n2_m
prof t256c2 "hd t256c2" lt_t256c2_m
prof dg "DeepGEMM dg" sm90_fp8
