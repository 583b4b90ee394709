for it in "30 5" "150 25" "300 100"; do set -- $it; echo "iters $1 warmup $2: $(.device/bin/gemm-run .device/api/fp8_n7168_k16384.ptx --m 4096 --bench --iters $1 --warmup $2 --data normal 2>&1 | grep -o '[0-9.]* ms.*')"; done
for it in "30 5" "300 100"; do set -- $it; echo "8192 iters $1 warmup $2: $(.device/bin/gemm-run .device/api/fp8_n8192_k8192.ptx --m 8192 --bench --iters $1 --warmup $2 --data normal 2>&1 | grep -o '[0-9.]* ms.*')"; done
nvidia-smi --query-gpu=clocks.sm,clocks.max.sm,power.draw,temperature.gpu --format=csv
