#!/usr/bin/env bash
# Fourteenth session, second GPU call: why DeepGEMM's 256 x 128 tile is fast and ours is not.
# One process, two shapes, three interleaved rounds (peers.bench each): ours 128 x 128, 256 x 128
# and 256 x 128 in 2-CTA clusters (gen-kernels --set large-tiles, .device/lt), DeepGEMM's default
# (.device/dg: 256 x 128, multicast on A) and four builds of its 256 x 128 kernel without multicast
# (.device/dgx): a0 as DeepGEMM compiles it (K compiled in), a1 with K dynamic (its loop not
# unrolled whole), a2 with the B scale read from global memory in the block that uses it instead
# of from the shared-memory copy made at tile start (one line of its header changed, README), a3
# both; cuBLASLt as the yardstick. Then ncu (SpeedOfLight) of ours t256 and DeepGEMM a0 and a2.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
cat > /tmp/ablation.py <<'PY'
import statistics
import sys
sys.path.insert(0, "benchmarks")
import bench
import deepgemm_kernels
peers = bench.load_peers(".device/peers.py")
lt, kernels = bench.read_dir(".device/lt"), {}
dirs = ["dg"] + [f"dgx/{v}" for v in ("a0", "a1", "a2", "a3")]
dgs = {d: deepgemm_kernels.Prebuilt(f".device/{d}") for d in dirs}
only = sys.argv[1] if len(sys.argv) > 1 else None  # ncu: one launch of the named contender
for (m, n, k) in [(4096, 7168, 16384), (8192, 8192, 8192)]:
    x = peers.make_inputs(m, n, k)
    fns = [("ours " + name.split("_")[1], *bench.launcher(kernels, name, image, x))
           for name, image, _ in bench.static_kernels(m, n, k, lt)]
    fns += [(f"DeepGEMM {d} ({dg.__version__})", *bench.deepgemm_launcher(dg, x)) for d, dg in dgs.items()]
    fns.append(("cuBLASLt", peers._peer_fn("cublaslt_blockwise", x), None))
    if only:
        for who, fn, d in fns:
            if who.split(" (")[0] == only:
                print(m, n, k, who, "rel_err", bench.first_error(peers, x, fn, d), flush=True)
        continue
    for who, fn, d in fns:
        if d is not None:
            print(f"{m}x{n}x{k} {who}: rel_err {bench.first_error(peers, x, fn, d):.3g}", flush=True)
    times = {who: [] for who, _, _ in fns}
    for _ in range(3):
        for who, fn, _ in fns:
            times[who].append(2.0 * m * n * k / peers.bench(fn) / 1e9)
    base = statistics.median(times["cuBLASLt"])
    for who, t in times.items():
        med = statistics.median(t)
        print(f"{m}x{n}x{k} {who:60s} {med:7.1f} TFLOPS {med / base:6.3f}x cuBLASLt  rounds "
              + " ".join(f"{v:.0f}" for v in t), flush=True)
PY
timeout 200 python3 /tmp/ablation.py > "$out/ablation.txt" 2>&1; echo "ablation rc=$?"
cat "$out/ablation.txt"
for who in "ours t256" "DeepGEMM dgx/a0" "DeepGEMM dgx/a2"; do
  timeout 60 ncu --clock-control none --section SpeedOfLight -k regex:'sm90_fp8_gemm|lt_' \
    python3 /tmp/ablation.py "$who" > "$out/ncu-${who// /_}.txt" 2>&1
  echo "ncu $who rc=$?"
  grep -E "rel_err|Duration|SM Frequency|Compute \(SM\) Throughput|Memory Throughput" "$out/ncu-${who// /_}.txt" | head -12
done
