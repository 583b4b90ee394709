#!/usr/bin/env bash
# Twentieth session, prepared for the next one's second GPU call (after p1.sh; prepare.sh fills .device).
# 1. probe-unroll 2's correctness: test/gpu/run_suite.py over .device/pu/check (fp8_gemm_nt's tm256 and
#    tn192 kernels at ragged M, the static M = 4096 / 8192 kernels, and 256 x 128 / 128 x 192 tiles over
#    K = 656, 1040, 1152, 1408: odd and ragged block counts, the unrolled loop's tail block), then
#    compute-sanitizer (memcheck, racecheck, synccheck) over .device/pu/small at M = 127.
# 2. The nineteenth session's h3 part 1: DeepGEMM's cluster exit (../2026-12-07-s19/exit.patch) against
#    ours on the 256 x 128 pair along N (.device/v2/{hd,ex}).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 240 python3 test/gpu/run_suite.py --kernels .device/pu/check --gemm-run .device/bin/gemm-run \
  --m 1,127,300,1000,4096 --timeout 60 > "$out/suite-pu2.txt" 2> "$out/suite-pu2-progress.txt"
echo "suite rc=$?"; tail -n 4 "$out/suite-pu2.txt"
timeout 150 python3 test/gpu/run_suite.py --kernels .device/pu/small --gemm-run .device/bin/gemm-run \
  --m 127 --timeout 60 --sanitize > "$out/sanitize-pu2.txt" 2>&1
echo "sanitize rc=$?"; tail -n 6 "$out/sanitize-pu2.txt"
timeout 110 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/v2 \
  --shapes 4096x7168x16384,8192x8192x8192 > "$out/ab-exit.txt" 2>&1
echo "ab exit rc=$?"; grep -v rel_err "$out/ab-exit.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-exit.txt"
