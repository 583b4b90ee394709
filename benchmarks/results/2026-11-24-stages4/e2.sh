# mbarrier waits without the suspend-time hint (PTX edited: try_wait.parity without its third operand), full and loads-only kernels.
set -u
G=.device/bin/gemm-run
b() { timeout 30 $G "$1" --m ${2:-4096} --bench --iters 40 2>&1 | tail -n 1 | sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\2/"; }
for k in fp8_n4096_k7168 fp8_n7168_k16384 fp8_n2112_k7168 fp8_n24576_k1536; do
  echo "$k  hint $(b .device/api/$k.ptx)  spin $(b .device/spin/${k}_spin.ptx)"
done
echo "fp8_n8192_k8192  hint $(b .device/api/fp8_n8192_k8192.ptx 8192)  spin $(b .device/spin/fp8_n8192_k8192_spin.ptx 8192)"
for k in fp8_n4096_k7168 fp8_n7168_k16384 fp8_c2_n4096_k7168; do
  echo "$k nomath  hint $(b .device/exp/${k}_nomath.ptx)  spin $(b .device/spin/${k}_nomath_spin.ptx)"
done
for k in fp8_c2_n4096_k7168 fp8_c2_n7168_k16384; do echo "$k  hint $(b .device/cl/$k.ptx)  spin $(b .device/spin/${k}_spin.ptx)"; done
for f in .device/spin/fp8_n4096_k7168_spin.ptx .device/spin/fp8_c2_n7168_k16384_spin.ptx .device/spin/fp8_n2112_k7168_spin.ptx; do for m in 1 1000 4095; do timeout 60 $G $f --m $m --check --repeat 2 2>&1 | tail -n 1; done; done
