#!/usr/bin/env bash
# Optional fourth call (same .device; run it if stream_k passed next.sh's suite): M = 256-2048 with the
# DeepSeek (N, K), the heuristic's kernel against 256 x 128 with stream_k and cuBLASLt (DeepGEMM where
# .device/dg has the shape: prepare_device.sh compiles its kernels for the shapes only), two rounds
# (not an issue target: the lead after item 63, docs/performance.md "What is in the way").
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
shapes=$(python3 -c "print(','.join(f'{m}x{n}x{k}' for m in (256, 512, 1024, 2048) for n, k in
  ((2112, 7168), (24576, 1536), (32768, 512), (7168, 16384), (4096, 7168), (7168, 2048))))")
timeout 500 python3 $ab --rounds 2 --dg .device/dg --variants .device/sk/mid --shapes "$shapes" \
  > "$out/ab-mid.txt" 2>&1
echo "ab-mid rc=$?"; grep -v rel_err "$out/ab-mid.txt" | cut -c1-140
