#!/usr/bin/env bash
# Nineteenth session, GPU call 2. Why DeepGEMM's 256 x 128 tile with multicast on A beats ours at the power
# cap (8192^3: 0.95 of it in g4) while our own cluster pair waits (item 46).
# 1. power.py (sustained, nvidia-smi clock and power): our 256 x 128 without a cluster (t256), along N
#    sharing A (t256n2, DeepGEMM's pairing), DeepGEMM's default, cuBLASLt; energy per GEMM and work per
#    clock at 4096 x 7168 x 16384 and 8192^3.
# 2. ab.py, three rounds: the same kernels and the cluster pair in which the leader CTA loads the whole A
#    tile and multicasts it (DeepGEMM's scheme, .device/v/ld: gen-kernels at the lowering with
#    HOPGEMM_EXP_LEADER set, an uncommitted experiment) against ours (each CTA loads half and multicasts).
# 3. ncu source counters, one launch each at 4096 x 7168 x 16384 (the seventeenth session's w27.sh):
#    the stall samples on the producer's `empty` wait and the consumers' `full` wait, ours against
#    DeepGEMM's.
# Prepare here: benchmarks/prepare_device.sh --sets tuned --deepgemm <wheel>; mkdir -p .device/v/hd;
#   scripts/gen-kernels.py --set large-tiles --out /tmp/lt;
#   cp /tmp/lt/lt_t256{,n2,c2}_m4096_n7168_k16384.* /tmp/lt/lt_t256{,n2}_m8192_n8192_k8192.* .device/v/hd/
set -uo pipefail
export PYTHONUNBUFFERED=1
final=${OUT:-/tmp/out}
out=/tmp/h2; mkdir -p $out
# ab and power write straight into the call's $OUT (they come back even where the call runs out of time).
here=benchmarks/results/2026-12-07-sb-latency
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 170 python3 $here/ab.py --rounds 3 --dg .device/dg --variants .device/v \
  --shapes 4096x7168x16384,8192x8192x8192,4096x24576x1536 > $final/ab.txt 2>&1
echo "ab rc=$?"; grep -v rel_err $final/ab.txt | cut -c1-120; grep -E "FAIL|rror" $final/ab.txt | head -3
mkdir -p /tmp/pw && cp .device/v/hd/lt_t256_* .device/v/hd/lt_t256n2_* /tmp/pw/
for f in .device/v/ld/*; do b=$(basename $f); cp $f /tmp/pw/${b/lt_t256n2/lt_t256ld}; done
sed -i 's/lt_t256n2/lt_t256ld/' /tmp/pw/lt_t256ld_*
timeout 120 python3 benchmarks/power.py --kernels /tmp/pw --peers .device/peers.py --deepgemm-kernels .device/dg \
  --shapes 8192x8192x8192,4096x7168x16384 --seconds 2 --rounds 2 > $final/power.txt 2>&1
echo "power rc=$?"; grep -vE "rel_err" $final/power.txt | tail -24 | cut -c1-170
prof() {  # label, ab.py --only name, kernel regex
  timeout 75 ncu --clock-control none --section SourceCounters --section WarpStateStats --section SpeedOfLight \
    -k "regex:$3" -c 1 -o "$out/$1" \
    python3 $here/ab.py --only "$2" --shapes 4096x7168x16384 --dg .device/dg > "$out/ncu-$1.txt" 2>&1
  echo "ncu $1 rc=$?"
  ncu -i "$out/$1.ncu-rep" --page details > "$out/details-$1.txt" 2>&1
  grep -E "Duration|SM Frequency|Elapsed Cycles|Compute \(SM\) Throughput|Warp Cycles Per Issued" "$out/details-$1.txt" | head -6
  ncu -i "$out/$1.ncu-rep" --page source --csv --print-source sass > "$out/src-$1.csv" 2>/dev/null
  python3 $here/stalls.py "$out/src-$1.csv" > "$out/stalls-$1.txt" 2>&1; sed -n 2,14p "$out/stalls-$1.txt" | cut -c1-160
  gzip -f "$out/src-$1.csv"; rm -f "$out/$1.ncu-rep"
}
prof ld "ld t256n2" lt_t256n2_m
prof t256n2 "hd t256n2" lt_t256n2_m
prof dg "DeepGEMM dg" sm90_fp8
tar czf "$final/h2.tgz" -C /tmp h2
