# L2 prefetch of the 128x128 B scales (pf_*) against the same kernels without it, decode M = 1 and 32 and two M = 4096 shapes, interleaved, three rounds.
set -u
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 420 python3 benchmarks/bench_variants.py --kernels .device/pf --peers .device/peers.py --rounds 3 --json $OUT/prefetch.json > $OUT/prefetch.txt 2>&1; echo "rc=$?"
grep -E "^[0-9]+ x|fp8_" $OUT/prefetch.txt | sed -E 's/ +rel_err.*PASS//; s/split 1 +//' | cut -c1-110
