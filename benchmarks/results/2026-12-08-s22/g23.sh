#!/usr/bin/env bash
# Twenty-second session: g2.sh then g3.sh in one call (device starts were scarce). g3's table first reads the
# GPU's name so that the two parts' cards are on record.
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
bash benchmarks/results/2026-12-08-s22/g2.sh
bash benchmarks/results/2026-12-08-s22/g3.sh
# 3. Tile order (item 61): the 256 x 128 kernel with raster groups of 4, 8 (shipped) and 16 rows of tiles
#    (prepare-rg.sh), four interleaved rounds.
timeout 150 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 4 --dg .device/dg --variants .device/rg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x4096x7168,4096x24576x1536 > "${OUT:-/tmp/out}/ab-rg.txt" 2>&1
echo "ab-rg rc=$?"; grep -v rel_err "${OUT:-/tmp/out}/ab-rg.txt" | cut -c1-130
