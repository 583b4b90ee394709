#!/usr/bin/env bash
# Seventeenth session, first GPU call. Codegen "new" = a881cef + descriptor-from-base.patch (each wave's
# first wgmma descriptors = the shared memory base's descriptor + (address - base) >> 4) + the B scales'
# shared-memory copy (item 44) in clusters + clusters along N sharing A (cluster [1, 2]).
# (0) smoke: two cluster [1, 2] kernels (N tiles odd and N < tile) through gemm-run; if they fail, every
#     [1, 2] kernel leaves the rest of the call.
# (1) GPU suite over .device/st/cluster (new codegen, [2, 1] and [1, 2]) and the 256-row kernels of
#     --set tuned and recipes (.device/st/twowave).
# (2) ab.py, five interleaved rounds, seven large shapes: base (a881cef) t256 and t256c2 against new t256,
#     t256c2, t256n2.
# (3) w21's question: 128 x 128 without (base) and with (sba = 3a05bcd) item 44's copy.
# (4) ragged M through --set tuned (new codegen).
# Prepared here: benchmarks/prepare_device.sh --sets "tuned static suite recipes cluster" --deepgemm <wheel>
# with the new codegen; gen-kernels --set large-tiles from each codegen into .device/v256/<label>,
# .device/v128/<label>.
set -uo pipefail
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp/out}; mkdir -p "$out"
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
timeout 60 python3 test/gpu/run_suite.py --kernels .device/st/smoke --gemm-run .device/bin/gemm-run --timeout 15 \
  --m 127,4096 > "$out/smoke.txt" 2>&1; rc=$?; echo "smoke rc=$rc"; tail -n 3 "$out/smoke.txt"
if [ $rc -ne 0 ]; then rm -f .device/st/cluster/*_n2_* .device/v256/new/lt_t256n2_*; echo "dropped cluster [1, 2]"; fi
timeout 200 python3 test/gpu/run_suite.py --kernels .device/st/cluster --gemm-run .device/bin/gemm-run --timeout 30 \
  > "$out/suite-cluster.txt" 2>&1; echo "suite cluster rc=$?"; tail -n 1 "$out/suite-cluster.txt"
grep -E "FAIL|ERROR|error" "$out/suite-cluster.txt" | head -5
timeout 100 python3 test/gpu/run_suite.py --kernels .device/st/twowave --gemm-run .device/bin/gemm-run --timeout 30 \
  > "$out/suite-twowave.txt" 2>&1; echo "suite twowave rc=$?"; tail -n 1 "$out/suite-twowave.txt"
grep -E "FAIL|ERROR|error" "$out/suite-twowave.txt" | head -5
L="4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x4096x7168,4096x32768x512,4096x7168x2048,4096x2112x7168"
timeout 230 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 5 --dg .device/dg --variants .device/v256 \
  --shapes "$L" > "$out/ab-t256.txt" 2>&1
echo "ab t256 rc=$?"; grep -v rel_err "$out/ab-t256.txt" | cut -c1-110; grep -E "FAIL|Error" "$out/ab-t256.txt" | head -3
timeout 90 python3 benchmarks/results/2026-12-07-sb-latency/ab.py --rounds 3 --dg .device/dg --variants .device/v128 \
  --shapes 4096x7168x16384,8192x8192x8192,4096x24576x1536,4096x2112x7168 > "$out/ab-t128.txt" 2>&1
echo "ab t128 rc=$?"; grep -v rel_err "$out/ab-t128.txt" | cut -c1-110; grep -E "FAIL|Error" "$out/ab-t128.txt" | head -3
timeout 60 python3 benchmarks/bench.py --kernels .device/st/tuned --peers .device/peers.py --no-peers --no-deepgemm \
  --shapes 4097x7168x2048,6000x4096x7168,4100x24576x1536,4500x32768x512,5000x2112x7168,1000x2112x7168,8000x7168x16384,300x7168x2048 \
  > "$out/ragged.txt" 2>&1; echo "ragged rc=$?"; grep -E '^ *[0-9]+ +[0-9]+ +[0-9]+ |passed' "$out/ragged.txt" | cut -c1-60,180-
