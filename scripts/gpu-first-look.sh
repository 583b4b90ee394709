#!/usr/bin/env bash
# One GPU call: device facts, the reference self-test, the correctness suite
# over compiled kernels, SASS of one kernel, and gemm-run timings.
#   scripts/gpu-first-look.sh BIN_DIR KERNEL_DIR OUT_DIR
set -uo pipefail
bin=$1; kernels=$2; out=$3
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv
$bin/gemm-run --device-info
$bin/gemm-run --self-test
python3 test/gpu/run_suite.py --kernels "$kernels" --gemm-run "$bin/gemm-run" --timeout 120 2>&1 | tee "$out/suite.txt" | tail -n 40
ptxas -arch=sm_90a "$kernels/fp8_n7168_k2048.ptx" -o /tmp/k.cubin
cuobjdump --dump-sass /tmp/k.cubin > "$out/sass.txt"
echo "SASS instruction counts:"; grep -oE "(QGMMA|HGMMA|UTMALDG|UTMASTG|LDL|STL|SYNCS|FFMA)[.A-Z0-9_]*" "$out/sass.txt" | sort | uniq -c
for k in "$kernels"/fp8_n*_k*.ptx "$kernels"/fp8_persistent_*.ptx; do
  name=$(basename "$k" .ptx)
  for m in 128 4096; do
    [ "$name" = fp8_n8192_k8192 ] && m=8192
    $bin/gemm-run "$k" --m $m --bench --iters 20 2>&1 | tail -n 1 | sed "s/^/$name m=$m: /"
  done
done | tee "$out/bench.txt"
