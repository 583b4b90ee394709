#!/usr/bin/env bash
# Seventeenth session, second GPU call. Codegen "new" = main (d830f85) + item 44's copy of the B scales in
# the overlapped loop too (128 x 128 and the decode tiles; 3a05bcd had it, w22's sba). "base" = d830f85.
# (1) ab.py: the decode and M = 128 static kernels that changed (.device/vdec/<label>), three rounds;
# (2) ab.py: 128 x 128 (gen-kernels --set large-tiles lt_t128_*) over four large shapes, three rounds;
# (3) bench.py --rounds 3 over the 24 decode shapes (new static + decode-small kernels, DeepGEMM's);
# (4) ragged M through --set tuned; (5) the GPU suite over every kernel of tuned, suite, recipes, grouped
# and cluster whose PTX changed (.device/st/changed, 56 kernels).
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
D=$(for m in 32 64 128; do for nk in 24576x1536 32768x512 7168x16384 7168x2048; do printf "%sx%s," $m $nk; done; done)
timeout 120 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/vdec \
  --shapes "${D%,}" > "$out/ab-dec.txt" 2>&1
echo "ab dec rc=$?"; grep -v rel_err "$out/ab-dec.txt" | cut -c1-100; grep -E "FAIL|Error" "$out/ab-dec.txt" | head -3
L="4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x2112x7168"
timeout 100 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/v128 \
  --shapes "$L" > "$out/ab-t128.txt" 2>&1
echo "ab t128 rc=$?"; grep -v rel_err "$out/ab-t128.txt" | cut -c1-100; grep -E "FAIL|Error" "$out/ab-t128.txt" | head -3
D=$(for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do
  printf "%sx%s," $m $nk; done; done)
timeout 120 python3 benchmarks/bench.py --kernels .device/st/tuned --decode-kernels .device/st/static \
  --peers .device/peers.py --shapes "${D%,}" --deepgemm-kernels .device/dg --rounds 3 --json "$out/bench-decode.json" \
  > "$out/bench-decode.txt" 2>&1
echo "decode rc=$?"; grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed|!' "$out/bench-decode.txt" | cut -c1-200
timeout 40 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 4097x7168x2048,6000x4096x7168,4100x24576x1536,4500x32768x512,1000x2112x7168,2000x7168x16384,300x7168x2048,129x24576x1536 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"; grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/ragged.txt" | cut -c1-60,180-
timeout 150 python3 test/gpu/run_suite.py --kernels .device/st/changed --gemm-run .device/bin/gemm-run --timeout 30 \
  > "$out/suite-changed.txt" 2>&1; echo "suite changed rc=$?"; tail -n 1 "$out/suite-changed.txt"
grep -cE "PASS" "$out/suite-changed.txt"; grep -E "FAIL|ERROR|error" "$out/suite-changed.txt" | head -5
