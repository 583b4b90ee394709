#!/usr/bin/env bash
# GPU call of the thirteenth session: DeepGEMM (the sgl-deep-gemm
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
# The first DeepGEMM wheel (with a tvm-ffi wheel, and with or without
# tvm-ffi's torch C DLPack path) that computes a small GEMM correctly.
probe() { # site: a deep_gemm on a small GEMM, against the fp32 reference
  PYTHONPATH=$1 timeout 240 python3 - <<'PY'
import sys
sys.path.insert(0, "benchmarks")
import bench
peers = bench.load_peers(".device/peers.py")
dg = bench.load_deepgemm()
x = peers.make_inputs(256, 256, 512)
fn, d = bench.deepgemm_launcher(dg, x)
fn()
import torch; torch.cuda.synchronize()
err = peers.rel_err(d, x["ref"])
print("probe", dg.__version__, "rel_err", err)
sys.exit(0 if err <= 1e-2 else 1)
PY
}
dg=""; dgenv=""
for w in .whl/sgl_deep_gemm-0.2.1-*.whl .whl/sgl_deep_gemm-0.2.0-*.whl .whl/sgl_deep_gemm-0.1.7-*.whl; do
  for t in .whl/tv15/apache_tvm_ffi-*.whl .whl/apache_tvm_ffi-*.whl; do
    site=/tmp/dg/$(basename "$w" .whl)-$(basename "$t" .whl)
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$site" "$w" "$t" || continue
    for e in 0 1; do
      echo "== $w $t TVM_FFI_DISABLE_TORCH_C_DLPACK=$e" >> "$out/probe.txt"
      if TVM_FFI_DISABLE_TORCH_C_DLPACK=$e probe "$site" >> "$out/probe.txt" 2>&1; then
        dg=$site; dgenv=$e; break 3
      fi
    done
  done
done
grep -E '^==|^probe|Error' "$out/probe.txt" | tail -n 24
[ -n "$dg" ] || { echo "no DeepGEMM build computes here: stop"; exit 0; }
export TVM_FFI_DISABLE_TORCH_C_DLPACK=$dgenv
export PYTHONPATH=$dg DG_JIT_CACHE_DIR=/tmp/dgcache DJ_JIT_CACHE_DIR=/tmp/dgcache DG_PRINT_CONFIGS=1
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
# A first DeepGEMM GEMM on its own: correct? how long does its JIT take?
timeout 200 python3 - <<'PY' 2>&1 | tee -a "$out/probe.txt"
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
decode=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf '%s,' "${m}x$nk"; done; done)
timeout 300 python3 benchmarks/bench.py --kernels .device/tuned --decode-kernels .device/static \
  --peers .device/peers.py --no-deepgemm --shapes "${decode%,}" --json "$out/bench-decode.json" > "$out/bench-decode.txt" 2>&1
echo "decode bench rc=$?"
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
grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+|^ *M ' "$out/bench.txt" "$out/bench-decode.txt" | cut -c1-200
cat "$out/power.txt"
