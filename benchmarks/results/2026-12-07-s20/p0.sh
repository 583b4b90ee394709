#!/usr/bin/env bash
# Twentieth session: p1.sh and p2.sh's first parts in one shorter call, for when device time is short
# (failed starts had used a third of it): ab.py, three rounds, on the three shapes where DeepGEMM leads
# (probe-unroll 1 / 2 / 4 of the 256 x 128 kernels, DeepGEMM, cuBLASLt), then probe-unroll 2's
# correctness suite over .device/pu/check at three M. Outputs straight to $OUT.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 260 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/pu/ab \
  --shapes 8192x8192x8192,4096x7168x16384,4096x24576x1536 > "$out/ab-unroll-a.txt" 2>&1
echo "ab a rc=$?"; grep -v rel_err "$out/ab-unroll-a.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-unroll-a.txt"
timeout 150 python3 test/gpu/run_suite.py --kernels .device/pu/check --gemm-run .device/bin/gemm-run \
  --m 127,1000,4096 --timeout 60 > "$out/suite-pu2.txt" 2> "$out/suite-pu2-progress.txt"
echo "suite rc=$?"; tail -n 4 "$out/suite-pu2.txt"
