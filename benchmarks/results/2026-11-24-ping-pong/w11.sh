# Ping-pong (turn-ordered wgmma issue between the two math warpgroups) against the promotion overlap, M = 4096 and 8192^3, interleaved, three rounds.
set -u
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 540 python3 benchmarks/bench_variants.py --kernels .device/pp2 --peers .device/peers.py --rounds 3 --json $OUT/pp2.json > $OUT/pp2.txt 2>&1; echo "rc=$?"
grep -E "^[0-9]+ x|pq_" $OUT/pp2.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split 1 +//; s/ours\/best-peer/r/' | cut -c1-150
