#!/usr/bin/env bash
# Twenty-third session: .device/skd/{tuned,static}: gen-kernels' tuned and static sets compiled with
# default-sk.patch (the config heuristic takes schedule = stream_k for the block-scaled recipe's 256-row
# and wider-than-128 tiles without C, groups, clusters, split-K or swap_ab), for next2.sh's second issue
# table. Rebuilds gemm-opt with the patch and restores it after.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
here=benchmarks/results/2026-12-08-s23
rm -rf .device/skd; mkdir -p .device/skd
git apply $here/default-sk.patch
trap 'git apply -R $here/default-sk.patch; ninja -C build gemm-opt > /dev/null' EXIT
ninja -C build gemm-opt > /dev/null
for s in tuned static; do
  python3 scripts/gen-kernels.py --set $s --out .device/skd/$s > /dev/null
  echo "skd/$s: $(grep -l '"schedule": "stream_k"' .device/skd/$s/*.json | wc -l) of" \
    "$(ls .device/skd/$s/*.json | wc -l) kernels stream_k"
done
