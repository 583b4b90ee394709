#!/usr/bin/env bash
# Seventeenth session, second GPU call. "fin" = the final codegen: d830f85 + item 47's B scale copy in the
# overlapped loop (128 x 128 and the decode tiles; not in clusters) + the K loop and stage ring in i32
# (256 x 128: 210 -> 206 SASS instructions a block). "base" = d830f85. Prepared:
#   benchmarks/prepare_device.sh --sets "tuned static suite grouped recipes cluster" (fin), DeepGEMM's in dg/;
#   .device/vl/<label>: gen-kernels --set large-tiles lt_t128_*, lt_t256_* of each codegen;
#   .device/vdec/<label>: the M = 32, 64, 128 static kernels whose PTX the copy changed, of each codegen.
# (1) the GPU suite (M = 127) over suite, grouped, cluster and recipes, every kernel of which the i32 loop
# changed; (2) ab.py over vl and vdec (six shapes), three rounds. (Trimmed to the GPU time left.)
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
ab() {  # ab NAME VARIANTS SHAPES SECONDS
  timeout "$4" python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants "$2" \
    --shapes "$3" > "$out/ab-$1.txt" 2>&1
  echo "ab $1 rc=$?"; grep -v rel_err "$out/ab-$1.txt" | cut -c1-100; grep -E "FAIL|Error" "$out/ab-$1.txt" | head -3
}
for s in suite grouped cluster recipes; do
  timeout 35 python3 test/gpu/run_suite.py --kernels .device/st/$s --gemm-run .device/bin/gemm-run --timeout 15 --m 127 --repeat 1 \
    > "$out/suite-$s.txt" 2>&1; echo "suite $s rc=$?"; tail -n 1 "$out/suite-$s.txt"
  grep -E "FAIL|ERROR|error" "$out/suite-$s.txt" | head -3
done
ab large .device/vl 4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x4096x7168 60
ab dec .device/vdec 32x24576x1536,32x7168x16384,64x32768x512,64x7168x2048,128x24576x1536,128x7168x16384 50
