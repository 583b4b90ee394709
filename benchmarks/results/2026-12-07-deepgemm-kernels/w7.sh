#!/usr/bin/env bash
# Fourteenth session, last GPU call: the math warpgroup index broadcast from lane 0 (item 41).
# 1. correctness of the new codegen: --set tuned (dynamic M) at ragged shapes, no peers;
# 2. old (.device/lt, HEAD before the change) against new (.device/lt_new, nu_*) 128 x 128 and
#    256 x 128 kernels, DeepGEMM's 256 x 128 (a0) and cuBLASLt, two interleaved rounds.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
timeout 60 python3 benchmarks/bench.py --kernels .device/tuned_new --peers .device/peers.py --no-peers \
  --shapes 1x7168x2048,37x2112x7168,127x24576x1536,300x32768x512,1000x4096x7168,4000x7168x16384,4097x7168x2048 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"
grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/ragged.txt" | cut -c1-60,150-
cat > /tmp/ab2.py <<'PY'
import statistics
import sys
sys.path.insert(0, "benchmarks")
import bench
import deepgemm_kernels
peers = bench.load_peers(".device/peers.py")
found, kernels = bench.read_dir(".device/lt") + bench.read_dir(".device/lt_new"), {}
dg = deepgemm_kernels.Prebuilt(".device/dgx/a0")
for (m, n, k) in [(4096, 7168, 16384), (8192, 8192, 8192)]:
    x = peers.make_inputs(m, n, k)
    fns = [(name.split("_m")[0], *bench.launcher(kernels, name, image, x))
           for name, image, _ in bench.static_kernels(m, n, k, found) if "c2" not in name]
    fns += [("DeepGEMM 256x128", *bench.deepgemm_launcher(dg, x)),
            ("cuBLASLt", peers._peer_fn("cublaslt_blockwise", x), None)]
    for who, fn, d in fns:
        if d is not None:
            print(f"{m}x{n}x{k} {who}: rel_err {bench.first_error(peers, x, fn, d):.3g}", flush=True)
    times = {who: [] for who, _, _ in fns}
    for _ in range(2):
        for who, fn, _ in fns:
            times[who].append(2.0 * m * n * k / peers.bench(fn) / 1e9)
    base = statistics.median(times["cuBLASLt"])
    for who, t in times.items():
        med = statistics.median(t)
        print(f"{m}x{n}x{k} {who:20s} {med:7.1f} TFLOPS {med / base:6.3f}x cuBLASLt  rounds "
              + " ".join(f"{v:.0f}" for v in t), flush=True)
PY
timeout 90 python3 /tmp/ab2.py > "$out/ab2.txt" 2>&1; echo "ab2 rc=$?"; cat "$out/ab2.txt"
