# Session 11, run 4: item 32 again, the large shapes only, five interleaved rounds.
set -u
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
timeout 400 python3 benchmarks/bench_variants.py --kernels .device/ab13 --peers .device/peers.py --rounds 5 --json $OUT/ab-large.json > $OUT/ab-large.txt 2>&1; echo "variants rc=$?"
grep -E "^[0-9]+ x|_m[0-9]" $OUT/ab-large.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split [0-9]+ +//; s/ours\/best-peer/r/; s/ +TFLOPS//' | cut -c1-130
