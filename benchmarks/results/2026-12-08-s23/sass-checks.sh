#!/usr/bin/env bash
# The build-machine checks of item 63 behind sass-checks.txt: ptxas spills and local memory in the K loop
# (kloop-local.py) of .device/sk/check and .device/sk/ab/{p,m8} (prepare-sk.sh first), and the span of the
# wgmmas (first to last QGMMA, in instructions) of the persistent and stream-K 4096 x 7168 x 16384 kernels.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in .device/sk/check/*.ptx .device/sk/ab/p/*.ptx .device/sk/ab/m8/*.ptx; do
  c="$tmp/$(basename "$(dirname "$f")")_$(basename "$f" .ptx).cubin"
  echo "$(basename "$c" .cubin): $(/usr/local/cuda/bin/ptxas -arch=sm_90a -v "$f" -o "$c" 2>&1 |
    grep -oE '[0-9]+ bytes spill stores')"
done
python3 benchmarks/results/2026-12-08-s23/kloop-local.py "$tmp"/*.cubin | sed "s|$tmp/||"
for k in p_sk_pers m8_sk_sk; do
  /tmp/cuobj/nvidia/cu13/bin/cuobjdump -sass "$tmp/${k}_m4096_n7168_k16384.cubin" | python3 -c "
import re, sys
a = [int(m.group(1), 16) for m in re.finditer(r'/\*([0-9a-f]{4,})\*/\s+QGMMA', sys.stdin.read())]
print('$k m4096_n7168_k16384: QGMMA span', (a[-1] - a[0]) // 16 + 1, 'instructions')"
done
