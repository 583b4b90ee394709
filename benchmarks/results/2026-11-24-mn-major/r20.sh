# MN-major 16-bit operands: correctness (run_suite), sanitizers, SASS, and bench vs cuBLAS.
set -u
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
python3 test/gpu/run_suite.py --kernels .device/mn --gemm-run .device/bin/gemm-run --repeat 3 > $OUT/suite-mn.txt 2>$OUT/suite-mn.err; tail -n 45 $OUT/suite-mn.txt
python3 test/gpu/run_suite.py --kernels .device/mn-small --gemm-run .device/bin/gemm-run --m 127 --sanitize --repeat 1 > $OUT/sanitize-mn.txt 2>$OUT/sanitize-mn.err; tail -n 20 $OUT/sanitize-mn.txt
# A rejected launch: M-major A with M = 127 (rows of 254 bytes).
.device/bin/gemm-run .device/mn/rec_bf16_mk.ptx --meta .device/mn/rec_bf16_mk.json --m 127 --check > $OUT/reject.txt 2>&1; echo "reject rc=$?"; cat $OUT/reject.txt | head -3
/usr/local/cuda/bin/ptxas -arch=sm_90a .device/mn/rec_bf16_mn.ptx -o /tmp/mn.cubin && /usr/local/cuda/bin/cuobjdump --dump-sass /tmp/mn.cubin > $OUT/mn.sass; grep -o "HGMMA[.A-Z0-9x]*" $OUT/mn.sass | sort | uniq -c; grep -c UTMALDG $OUT/mn.sass
for k in rec_bf16 rec_bf16_mn; do .device/bin/gemm-run .device/mn/$k.ptx --meta .device/mn/$k.json --m 4096 --bench 2>&1 | tail -n 1; done
timeout 300 python3 benchmarks/bench_recipes.py --kernels .device/rb --peers .device/peers.py --recipes bf16,bf16_nn,bf16_tn,bf16_tt --m 128,4096 --json $OUT/bench-bf16.json > $OUT/bench-bf16.txt 2>&1; cat $OUT/bench-bf16.txt | tail -n 52
