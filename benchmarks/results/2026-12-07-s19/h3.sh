#!/usr/bin/env bash
# Nineteenth session, GPU call 3.
# 1. The cluster pair's exit as DeepGEMM does it (exit.patch, uncommitted: the producer thread waits for
#    the last round of `empty` barriers, nobody meets at a cluster barrier before exit, so the producer
#    warpgroup's idle warps exit at once instead of parking at barrier.cluster.wait, 25% of h2's ncu
#    samples). .device/v2/ex: gen-kernels --set large-tiles with HOPGEMM_EXP_EXIT=1 at exit.patch;
#    .device/v2/hd: the same kernels at HEAD.
# 2. Parts 1 and 2 of the eighteenth session's g6.sh (its header says how to fill .device), part 2 at
#    M = 256 only: each kernel's own device time at N = 32768, K = 512 (ab.py --profile), and
#    fp8_gemm_nt's picks over the precompiled tuned set.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 110 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/v2 \
  --shapes 4096x7168x16384,8192x8192x8192 > "$out/ab-exit.txt" 2>&1
echo "ab exit rc=$?"; grep -v rel_err "$out/ab-exit.txt" | cut -c1-120; grep -c "rel_err 0.001" "$out/ab-exit.txt"
G6_PART2=${H3_PART2:-1} G6_PART3=0 G6_MS="256" bash benchmarks/results/2026-12-07-s18/g6.sh
