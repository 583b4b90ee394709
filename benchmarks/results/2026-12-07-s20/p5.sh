#!/usr/bin/env bash
# Twentieth session, GPU call 5: the cluster exit as lowered now (item 57: the producer waits for the last
# releases, no cluster barrier before exit): the correctness suite over gen-kernels --set cluster
# (.device/cx/all), compute-sanitizer on six small cluster kernels (.device/cx/small), and the pair
# against the unclustered 256 x 128 kernel at the lowering's unroll (.device/cx/ab: ex, the pair; ex2, the
# pair unrolled by 2, which assembles without spills where unroll 4 spills; au, unclustered).
# Not run: no device time was left to start a machine. Prepare here (after prepare.sh):
#   git apply benchmarks/results/2026-12-07-s20/exit.patch && ninja -C build gemm-opt
#   mkdir -p .device/cx/all .device/cx/small .device/cx/ab/ex .device/cx/ab/ex2 .device/cx/ab/au
#   scripts/gen-kernels.py --set cluster --out .device/cx/all
#   scripts/gen-kernels.py --set cluster --small --out /tmp/cs; for n in fp8_c2_n200_k384 fp8_n2_tm256_n200_k384 \
#     rec_c2_wgrad_c rec_n2_bf16_c fp8_c2_tm64_n1000_k1040 fp8_n2_tn192_n1000_k1040; do cp /tmp/cs/$n.* .device/cx/small/; done
#   scripts/gen-kernels.py --set large-tiles --out /tmp/lt; for s in m8192_n8192_k8192 m4096_n7168_k16384; do
#     cp /tmp/lt/lt_t256n2_$s.* .device/cx/ab/ex/; cp /tmp/lt/lt_t256_$s.* .device/cx/ab/au/; done
#   scripts/gen-kernels.py --set large-tiles --probe-unroll 2 --out /tmp/lt2; for s in m8192_n8192_k8192 \
#     m4096_n7168_k16384; do cp /tmp/lt2/lt_t256n2_$s.* .device/cx/ab/ex2/; done    (the pair unrolled by 2: no spills)
#   (21st session, ex4: the same with --probe-unroll 4 into .device/cx/ab/ex4; its 124 B of spills are
#    stored at each tile's start and reloaded in its epilogue, not in the K loop)
#   git checkout lib test && ninja -C build gemm-opt
# If it passes, commit the patch (code and the lit test's new checks) and write item 57 of performance.md.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
suite="python3 test/gpu/run_suite.py --gemm-run .device/bin/gemm-run --timeout 60"
timeout 100 $suite --kernels .device/cx/all --m 127,1000,4096 > "$out/suite-cluster.txt" 2> "$out/suite-cluster-progress.txt"
echo "suite rc=$?"; grep -E "FAIL" "$out/suite-cluster.txt" | head -5; tail -n 1 "$out/suite-cluster.txt"
timeout 75 $suite --kernels .device/cx/small --m 127 --sanitize > "$out/sanitize-cluster.txt" 2>&1
echo "sanitize rc=$?"; grep -E "FAIL|ERROR" "$out/sanitize-cluster.txt" | head -5; tail -n 1 "$out/sanitize-cluster.txt"
timeout 90 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 6 --dg .device/dg --variants .device/cx/ab \
  --shapes 8192x8192x8192,4096x7168x16384 > "$out/ab-exit2.txt" 2>&1
echo "ab rc=$?"; grep -v rel_err "$out/ab-exit2.txt" | cut -c1-130
