#!/usr/bin/env bash
# One GPU call after a kernel change: the correctness suite, the
# compute-sanitizer sample (memcheck, racecheck) on small kernels, gemm-run
# timings of the suite kernels at M = 128 and 4096, and the peers timed by
# peers.py.
#   scripts/gpu-round.sh BIN KERNELS SMALL_KERNELS PEERS_PY OUT
set -uo pipefail
bin=$1; kernels=$2; small=$3; peers=$4; out=$5
timeout 200 python3 test/gpu/run_suite.py --kernels "$kernels" --gemm-run "$bin/gemm-run" --timeout 60 \
  > "$out/suite.txt" 2> "$out/suite-progress.txt"; echo "suite rc=$?"; tail -n 3 "$out/suite.txt"
timeout 150 python3 test/gpu/run_suite.py --kernels "$small" --gemm-run "$bin/gemm-run" --timeout 60 \
  --m 1,127,300 --sanitize > "$out/sanitize.txt" 2>&1; echo "sanitize rc=$?"; tail -n 12 "$out/sanitize.txt"
bench() { # kernel m
  timeout 30 $bin/gemm-run "$1" --m "$2" --bench --iters 30 2>&1 | tail -n 1 |
    sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\1 \2/" | { read ms tf; echo "$(basename "$1" .ptx) m=$2 ms=$ms tflops=$tf"; }
}
for k in "$kernels"/fp8_n*_k*.ptx "$kernels"/fp8_persistent_*.ptx; do
  for m in 128 4096; do [ "$(basename $k)" = fp8_n8192_k8192.ptx ] && m=8192; bench "$k" $m; done
done > "$out/bench.txt"
cat "$out/bench.txt"
timeout 150 python3 "$peers" --json "$out/peers.json" > "$out/peers.txt" 2>&1; cat "$out/peers.txt"
