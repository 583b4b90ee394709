#!/usr/bin/env bash
# Eighteenth session, GPU call 6. At N = 32768, K = 512 ours and the peers sit within a timer step of each
# other under do_bench (13.3 or 14.0 us at M = 32). Is the difference in the kernels or around them? Each
# kernel's own device time (ab.py --profile: torch.profiler, L2 cleared between launches), beside the
# do_bench figures of one more round. Prepared as g5.sh.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
timeout 150 python3 $ab --profile --triton --dg .device/dg --variants .device/vd \
  --shapes 32x32768x512,64x32768x512,16x32768x512,128x32768x512 > "$out/profile-k512.txt" 2>&1
echo "profile rc=$?"; grep -v rel_err "$out/profile-k512.txt" | cut -c1-150
