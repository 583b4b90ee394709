#!/usr/bin/env bash
# First GPU call of the thirteenth session: DeepGEMM (the sgl-deep-gemm
# wheel, carried in .whl/) measured as a peer beside ours, cuBLASLt and
# Triton; then the same under sustained load (power.py); then DeepGEMM's
# chosen kernels and the SASS of its 4096 x 7168 x 16384 kernel.
# Run from the repository root with .device/ (runtime, kernels, peers.py)
# and .whl/ carried.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.limit,temperature.gpu --format=csv
python3 -c "import torch; print('torch', torch.__version__, torch.version.cuda)"
# The first wheel whose extension loads against this torch and computes.
dg=""
for w in .whl/sgl_deep_gemm-0.2.1-*.whl .whl/sgl_deep_gemm-0.2.0-*.whl \
         .whl/sgl_deep_gemm-0.1.7-*.whl; do
  site=/tmp/dg/$(basename "$w" .whl)
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$site" "$w" .whl/apache_tvm_ffi-*.whl || continue
  if PYTHONPATH=$site timeout 120 python3 -c "import torch, deep_gemm; print('deep_gemm', deep_gemm.__version__)" \
      >> "$out/probe.txt" 2>&1; then dg=$site; break; fi
done
tail -n 30 "$out/probe.txt"
export PYTHONPATH=$dg DG_JIT_CACHE_DIR=/tmp/dgcache DJ_JIT_CACHE_DIR=/tmp/dgcache DG_PRINT_CONFIGS=1
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
# A first DeepGEMM GEMM on its own: correct? how long does its JIT take?
timeout 200 python3 - <<'PY' 2>&1 | tee "$out/smoke.txt"
import sys, time
sys.path.insert(0, "benchmarks")
import bench
peers = bench.load_peers(".device/peers.py")
dg = bench.load_deepgemm()
if dg is not None:
    x = peers.make_inputs(4096, 7168, 16384)
    t = time.time()
    fn, d = bench.deepgemm_launcher(dg, x)
    fn()
    print("first call", time.time() - t, "s")
    print("DeepGEMM 4096x7168x16384 (TFLOPS, rel_err)", bench.checked_time(peers, x, fn, d))
PY
timeout 420 python3 benchmarks/bench.py --kernels .device/tuned --decode-kernels .device/static \
  --peers .device/peers.py --shapes deepseek --json "$out/bench.json" > "$out/bench.txt" 2>&1
echo "bench rc=$?"
timeout 100 python3 benchmarks/power.py --kernels .device/static --peers .device/peers.py \
  --shapes 4096x7168x16384,8192x8192x8192 --seconds 3 --rounds 2 > "$out/power.txt" 2>&1
echo "power rc=$?"
# DeepGEMM's kernels: the generated sources' template arguments, and one SASS.
for d in $(find /tmp/dgcache -name kernel.cubin -printf '%h\n' 2>/dev/null); do
  echo "== $d"; ls "$d"; grep -h -E 'sm90_fp8_gemm|template|<' "$d"/*.cu 2>/dev/null | tail -n 6
done > "$out/dg-kernels.txt" 2>&1
for c in $(find /tmp/dgcache -name kernel.cubin 2>/dev/null); do
  echo "== $c"; cuobjdump --dump-resource-usage "$c"; cuobjdump --dump-sass "$c"
done 2>&1 | gzip > "$out/dg-sass.txt.gz"
grep -v '^ *[0-9]' "$out/bench.txt" | grep -i -E 'deepgemm|config|error|!' | head -n 40
grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+|^ *M ' "$out/bench.txt"
cat "$out/power.txt"
