#!/usr/bin/env bash
# Twenty-first session, GPU call 1: the twentieth's p5.sh (the cluster exit of item 57 lowered: suite over
# --set cluster, compute-sanitizer on six small cluster kernels, the pair / the pair unrolled by 2 / the
# unclustered 256 x 128 and DeepGEMM in six interleaved rounds), then the issue table (bench.py --rounds 3
# --shapes deepseek) with the probe-unroll default and the exit. Prepared here: the twentieth's .device
# (prepare.sh WHEEL), exit.patch applied, gemm-opt rebuilt, .device/cx filled as p5.sh's header says, and
#   for s in tuned static; do scripts/gen-kernels.py --set $s --out .device/st/$s; done
#   scripts/gen-kernels.py --set decode-small --out .device/st/static
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
OUT=$out bash benchmarks/results/2026-12-07-s20/p5.sh
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 220 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes deepseek --deepgemm-kernels .device/dg --rounds 3 \
  --json "$out/bench.json" > "$out/bench.txt" 2>&1
echo "bench rc=$?"; grep -vE "^  ! peer|rel_err <=" "$out/bench.txt" | cut -c1-150 | tail -16
