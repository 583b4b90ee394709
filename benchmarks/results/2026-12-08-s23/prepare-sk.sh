#!/usr/bin/env bash
# Twenty-third session, for the next GPU call (item 63, schedule = stream_k, not yet run on a GPU). Fills:
#   .device/sk/check   gen-kernels --set stream-k-check (dynamic M, 13 kernels): 256 x 128, 128 x 192, 128 x 128 and
#                      64 x 128 tiles, K blocks the loop's unroll does not divide, ragged N and K, bf16 and
#                      per-tensor scales, 1x128 B scales and UE8M0 scales with stream_k
#   .device/sk/small   the same with N <= 200, K <= 384 (--small), for compute-sanitizer
#   .device/sk/ab/<label>  gen-kernels --set stream-k (the seven large shapes, static M): per shape the
#                      heuristic's persistent kernel ("pers", = HEAD's) and, with stream-k-min-blocks 4, 8
#                      (the default) and 16, the heuristic's tile with stream_k ("sk") and 256 x 128 with
#                      stream_k ("skt256"); labels p (pers only), m4, m8, m16
#   .device/sk/mid/{p,sk}  gen-kernels --set stream-k-mid: M = 256, 512, 1024, 2048 with the DeepSeek (N, K),
#                      the heuristic's kernel (p) against 256 x 128 with stream_k (sk), for next4.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rm -rf .device/sk; mkdir -p .device/sk/ab/p
python3 scripts/gen-kernels.py --set stream-k-check --out .device/sk/check > /dev/null
python3 scripts/gen-kernels.py --set stream-k-check --small --out .device/sk/small > /dev/null
for m in 4 8 16; do
  python3 scripts/gen-kernels.py --set stream-k --stream-k-min-blocks $m --out "$tmp/m$m" > /dev/null
  mkdir -p .device/sk/ab/m$m
  cp "$tmp"/m$m/sk_sk_* "$tmp"/m$m/sk_skt256_* .device/sk/ab/m$m/
done
cp "$tmp"/m8/sk_pers_* .device/sk/ab/p/
python3 scripts/gen-kernels.py --set stream-k-mid --out "$tmp/mid" > /dev/null
mkdir -p .device/sk/mid/p .device/sk/mid/sk
cp "$tmp"/mid/skm_pers_* .device/sk/mid/p/
cp "$tmp"/mid/skm_skt256_* .device/sk/mid/sk/
for f in .device/sk/check/*.ptx .device/sk/ab/*/*.ptx; do
  echo "$f: $(/usr/local/cuda/bin/ptxas -arch=sm_90a -v "$f" -o /dev/null 2>&1 |
    grep -oE '[0-9]+ bytes spill stores')"
done | grep -v ": 0 bytes" || true
echo "sk: $(ls .device/sk/check | grep -c json) to check, $(ls .device/sk/ab/*/ | grep -c json) to time"
