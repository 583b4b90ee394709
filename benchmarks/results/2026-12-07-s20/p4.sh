#!/usr/bin/env bash
# Twentieth session, GPU call 4 (typed as one command on the warm machine right after p3; kept here as
# run): the cluster pair with DeepGEMM's exit (.device/v2/ex) beside the unclustered 256 x 128 kernel at
# probe-unroll 1 and 4 and DeepGEMM, six rounds, one process.
mkdir -p /tmp/vx && cp -r .device/v2/ex /tmp/vx/ex && cp -r .device/pu/ab/hd /tmp/vx/hd && cp -r .device/pu/ab/u4 /tmp/vx/u4 && HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so timeout 150 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 6 --dg .device/dg --variants /tmp/vx --shapes 8192x8192x8192,4096x7168x16384 > $OUT/ab-exit-vs.txt 2>&1; echo rc=$?; grep -v rel_err $OUT/ab-exit-vs.txt | cut -c1-150; grep -c "rel_err 0.001" $OUT/ab-exit-vs.txt
