# A/B/C interleaved in one process: static 128- and 192-column tiles and the dynamic-M kernel fp8_gemm_nt runs, three rounds, with the peers.
set -u
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu,power.draw --format=csv,noheader
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 400 python3 benchmarks/bench_variants.py --kernels .device/ab --peers .device/peers.py --rounds 3 --m 4096 --json $OUT/ab.json > $OUT/ab.txt 2>&1; echo "ab rc=$?"
nvidia-smi --query-gpu=clocks.sm,temperature.gpu,power.draw --format=csv,noheader
grep -vE "^\s*$" $OUT/ab.txt | cut -c1-150 | tail -40
