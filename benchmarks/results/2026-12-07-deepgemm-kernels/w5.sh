#!/usr/bin/env bash
# Fourteenth session, first GPU call: DeepGEMM measured beside ours and the peers,
# with its own kernel (sm90_fp8_gemm_1d2d_impl) compiled here from the
# sgl-deep-gemm 0.2.1 wheel's headers by benchmarks/deepgemm_kernels.py and
# launched through the driver (its Python extension does not load on torch 2.11).
# .device/dg: DeepGEMM's own configuration per shape; .device/dg128: 128x128 tiles;
# .device/dg256mc1: 256x128 without multicast (alternatives, large shapes only).
# .device/dg also holds the decode shapes (M = 1, 16, 32, 64), timed in bench-decode.
# Run from the repository root with .device/ carried.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.limit,temperature.gpu --format=csv
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
L=4096x2112x7168,4096x24576x1536,4096x32768x512,4096x7168x16384,4096x4096x7168,4096x7168x2048,8192x8192x8192
smoke() {  # one call of each of two shapes, in its own process (a fault or a hang stays there)
  timeout 90 python3 - "$1" <<'PY'
import sys
sys.path.insert(0, "benchmarks")
import bench
peers = bench.load_peers(".device/peers.py")
dg = bench.load_deepgemm(sys.argv[1])
for (m, n, k) in [(4096, 7168, 2048), (8192, 8192, 8192)]:
    x = peers.make_inputs(m, n, k)
    fn, d = bench.deepgemm_launcher(dg, x)
    print(sys.argv[1], m, n, k, "rel_err", bench.first_error(peers, x, fn, d), flush=True)
PY
}
ok=()
try_smoke() {
  smoke .device/$1 > "$out/smoke-$1.txt" 2>&1; local rc=$?
  echo "smoke $1 rc=$rc"; tail -n 4 "$out/smoke-$1.txt"
  [ $rc = 0 ] && ! grep -q -E 'inf|nan' "$out/smoke-$1.txt" && ok+=("$1")
}
run_bench() {  # name, shapes, DeepGEMM directory or "" (none)
  local dgopt=(--no-deepgemm); [ -n "$3" ] && dgopt=(--deepgemm-kernels "$3")
  timeout 200 python3 benchmarks/bench.py --kernels .device/tuned --decode-kernels .device/static \
    --peers .device/peers.py --shapes "$2" "${dgopt[@]}" --json "$out/$1.json" > "$out/$1.txt" 2>&1
  echo "$1 rc=$?"
  grep -E '^ *M |^ *[0-9]+ +[0-9]+ +[0-9]+ |passed|!' "$out/$1.txt" | cut -c1-200
}
has() { [[ " ${ok[*]} " == *" $1 "* ]]; }
# Most wanted first (the device time of a call may run out): the table with DeepGEMM, decode,
# ncu, power, then the alternative DeepGEMM tiles and a second table.
try_smoke dg
main=""; has dg && main=.device/dg
run_bench bench deepseek "$main"
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
run_bench bench-decode "${D%,}" "$main"
# ncu, one launch each of DeepGEMM's kernel and ours at two shapes (tensor-pipe use per cycle).
if [ -n "$main" ]; then
  cat > /tmp/one.py <<'PY'
import sys
sys.path.insert(0, "benchmarks")
import bench, torch
peers = bench.load_peers(".device/peers.py")
dg, static, kernels = bench.load_deepgemm(".device/dg"), bench.read_dir(".device/static"), {}
for (m, n, k) in [(4096, 7168, 16384), (8192, 8192, 8192)]:
    x = peers.make_inputs(m, n, k)
    name, image, _ = bench.static_kernels(m, n, k, static)[0]
    for who, (fn, d) in (("ours " + name, bench.launcher(kernels, name, image, x)),
                         ("DeepGEMM", bench.deepgemm_launcher(dg, x))):
        print(m, n, k, who, "rel_err", bench.first_error(peers, x, fn, d), flush=True)
PY
  timeout 240 ncu --clock-control none --section SpeedOfLight --section WarpStateStats \
    --metrics sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_active,sm__inst_executed_pipe_fma.avg.pct_of_peak_sustained_active \
    -k regex:'sm90_fp8_gemm|fp8_m' python3 /tmp/one.py > "$out/ncu.txt" 2>&1
  echo "ncu rc=$?"
  grep -E "rel_err|sm90_fp8_gemm|  fp8_m|Duration|gmma_cycles|pipe_fma|SM Frequency|Warp Cycles Per Issued|Compute \(SM\) Throughput" "$out/ncu.txt" | cut -c1-150 | head -60
fi
timeout 100 python3 benchmarks/power.py --kernels .device/static --peers .device/peers.py \
  ${main:+--deepgemm-kernels "$main"} --shapes 4096x7168x16384,8192x8192x8192 --seconds 3 --rounds 2 \
  > "$out/power.txt" 2>&1
echo "power rc=$?"; cat "$out/power.txt"
try_smoke dg128; has dg128 && run_bench bench-dg128 "$L" .device/dg128
try_smoke dg256mc1; has dg256mc1 && run_bench bench-dg256mc1 "$L" .device/dg256mc1
run_bench bench2 deepseek "$main"
