#!/usr/bin/env bash
# Sixteenth session, third GPU call (on the warm machine of w18): with the B scales read from shared
# memory (.device/v/sba: gen-kernels --set large-tiles and the static 128 x 192 pick at 4096 x 2112),
# the 128 x 128 tile against the 256 x 128 tile over the seven large shapes, three interleaved rounds,
# to refit the config heuristic's round costs (WideTile.h).
set -uo pipefail
mkdir -p /tmp/vv && cp -r .device/v/sba /tmp/vv/ && rm -f /tmp/vv/sba/lt_t256c2*
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 400 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --variants /tmp/vv --dg .device/dg \
  --shapes 4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x32768x512,4096x4096x7168,4096x7168x2048,4096x2112x7168 \
  > $OUT/ab-tiles.txt 2>&1; echo rc=$?; grep -v rel_err $OUT/ab-tiles.txt | cut -c1-110
