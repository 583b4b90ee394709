#!/usr/bin/env bash
# Compile-time measurements on the 2-core build machine (no GPU), from the
# repository root after `ninja -C build`.
set -u
echo "=== examples/compile_times.py (in-process, six DeepSeek specs)"
HOPGEMM_LIBRARY=build/lib/libhopgemm.so PYTHONPATH=python python3 examples/compile_times.py
echo "=== gemm-opt --mlir-timing (the example spec)"
build/bin/gemm-opt examples/deepseek_fp8_gemm.mlir --gemm-to-ptx --emit=mlir -o /dev/null --mlir-timing 2>&1
echo "=== whole gemm-opt process, 6 runs each: with and without libdevice (CUDA_HOME unset)"
for v in with without; do
  s=$(date +%s%N)
  for i in 1 2 3 4 5 6; do
    if [ $v = with ]; then build/bin/gemm-opt examples/deepseek_fp8_gemm.mlir --gemm-to-ptx -o /tmp/ct_$v.ptx
    else env -u CUDA_HOME build/bin/gemm-opt examples/deepseek_fp8_gemm.mlir --gemm-to-ptx -o /tmp/ct_$v.ptx; fi
  done
  echo "$v libdevice: $(( ($(date +%s%N) - s) / 6000000 )) ms per process"
done
cmp /tmp/ct_with.ptx /tmp/ct_without.ptx && echo "same PTX"
echo "=== opt-level 0 vs 3: process time, PTX size, ptxas time and report"
for o in 0 3; do
  s=$(date +%s%N)
  for i in 1 2 3; do build/bin/gemm-opt examples/deepseek_fp8_gemm.mlir --gemm-to-ptx="opt-level=$o" -o /tmp/ct_o$o.ptx; done
  echo "O$o: gemm-opt $(( ($(date +%s%N) - s) / 3000000 )) ms per process, $(wc -c < /tmp/ct_o$o.ptx) bytes of PTX"
  s=$(date +%s%N)
  for i in 1 2 3; do ptxas -arch=sm_90a /tmp/ct_o$o.ptx -o /tmp/ct_o$o.cubin 2>/dev/null; done
  echo "O$o: ptxas $(( ($(date +%s%N) - s) / 3000000 )) ms; $(ptxas -arch=sm_90a -v /tmp/ct_o$o.ptx -o /dev/null 2>&1 | grep -c C7511) C7511 (wgmma serialized) lines"
done
