#!/usr/bin/env bash
# Seventeenth session, prepared for the next GPU call, not run (no GPU time left). The large-M tile rule
# (hopgemm::largeMTile: 256 x 128 at 1.86 rounds of 128 x 128, 128 x 192 at 1.45, a 3% margin) was fitted
# at M = 4096 before items 44 and 46 sped the 256 x 128 tile up by 3-8%. Time the three tiles at M = 1024,
# 2048, 3000 and 6144 over the DeepSeek (N, K), beside cuBLASLt, and print the rule's pick for each shape.
# Prepare here (about 2 minutes):
#   benchmarks/prepare_device.sh --sets tuned
#   rm -rf .device/v && mkdir -p .device/v/ms && scripts/gen-kernels.py --set m-sweep --out .device/v/ms
# Read: for each shape, the fastest of "ms t128", "ms t256", "ms tn192" against the rule's pick. Refit the round costs in WideTile.h only on
# differences above the noise floor (0.1-1.8%).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
S=$(for m in 1024 2048 3000 6144; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
python3 - "${S%,}" > "$out/rule.txt" <<'PY'
import sys
sys.path.insert(0, "python")
from hopgemm.gemm import kernel_preferences
for shape in sys.argv[1].split(","):
    m, n, k = map(int, shape.split("x"))
    _, tile_m, tile_n = kernel_preferences(n, m, 132)[0]
    print(f"{shape:16s} rule: {tile_m or 128} x {tile_n or 128}")
PY
cat "$out/rule.txt"
timeout 300 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg "" --variants .device/v \
  --shapes "${S%,}" > "$out/ab-sweep.txt" 2>&1
echo "ab sweep rc=$?"; grep -v rel_err "$out/ab-sweep.txt" | cut -c1-100; grep -E "FAIL|Error" "$out/ab-sweep.txt" | head -3
