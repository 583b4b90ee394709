#!/usr/bin/env bash
# Prepared in the twenty-third session (no GPU was lent in it) for the next session's first GPU call.
# .device from prepare-next.sh (see README.md); carry [".device"]. Most important first; few files in $OUT.
# 1. Item 63, schedule = stream_k, never run yet: the GPU suite over .device/sk/check (13 kernels, dynamic
#    M; five M, three launches each: a piece that forgot to reset its tile's counter fails the second) and
#    compute-sanitizer on .device/sk/small.
# 2. Item 63's timing: at the seven large shapes, the heuristic's persistent kernel (p) against stream_k
#    with the heuristic's tile (sk) and with 256 x 128 (skt256), at stream-k-min-blocks 4, 8, 16 (m4, m8,
#    m16), DeepGEMM and cuBLASLt in the same process, rounds interleaved.
# 3. Item 59 (shipped in the twenty-second session): its GPU suite and sanitizer (../2026-12-08-s22).
# next2.sh (second call): the issue table at HEAD and with stream_k as the default; next3.sh (third):
# item 62 and raster groups.
set -uo pipefail
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
ab=benchmarks/results/2026-12-07-sb-latency/ab.py
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
check() {  # label, dir, M list
  timeout 150 python3 test/gpu/run_suite.py --kernels .device/$2/check --gemm-run .device/bin/gemm-run \
    --m $3 > "$out/suite-$1.txt" 2>&1
  echo "suite $1 rc=$?"; tail -2 "$out/suite-$1.txt"; grep FAIL "$out/suite-$1.txt" | head -8
  timeout 60 python3 test/gpu/run_suite.py --kernels .device/$2/small --gemm-run .device/bin/gemm-run --sanitize \
    > "$out/sanitize-$1.txt" 2>&1
  echo "sanitize $1 rc=$?"; tail -2 "$out/sanitize-$1.txt"
}
check sk sk 1,127,1000,4096,5000
timeout 300 python3 $ab --rounds 3 --dg .device/dg --variants .device/sk/ab \
  --shapes 4096x2112x7168,4096x7168x16384,8192x8192x8192,4096x4096x7168,4096x24576x1536,4096x7168x2048,4096x32768x512 \
  > "$out/ab-sk.txt" 2>&1
echo "ab-sk rc=$?"; grep -v rel_err "$out/ab-sk.txt" | cut -c1-140
grep -c "rel_err" "$out/ab-sk.txt"; grep -iE "nan|fail" "$out/ab-sk.txt" | head -5
check u2 u2 1,127,1000,4096
