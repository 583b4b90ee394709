#!/usr/bin/env bash
# The main job: compile the example spec (the DeepSeek-V3 FP8 recipe) to PTX
# and say what came out. Builds hopgemm first.
#
#   scripts/compile-example.sh [spec.mlir] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh > /dev/null
spec=${1:-examples/deepseek_fp8_gemm.mlir}
out=${2:-out}
mkdir -p "$out"
name=$(basename "$spec" .mlir)
start=$(date +%s%N)
build/bin/gemm-opt "$spec" --gemm-to-ptx -o "$out/$name.ptx"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
python3 - "$out/$name.ptx" "$out/$name.json" "$ms" <<'PY'
import json, re, shutil, subprocess, sys
ptx_path, meta_path, ms = sys.argv[1], sys.argv[2], sys.argv[3]
ptx = open(ptx_path).read()
meta = json.load(open(meta_path))
def count(pattern): return len(re.findall(pattern, ptx))
print(f"compiled {meta['name']} in {ms} ms (gemm-opt, whole process)")
print(f"  wrote   {ptx_path} ({len(ptx)} bytes of PTX for {meta['target']}) and {meta_path}")
print(f"  shape   M={'dynamic' if meta['shape'][0] < 0 else meta['shape'][0]} N={meta['shape'][1]} K={meta['shape'][2]}")
print(f"  recipe  A {meta['a']['dtype']} scale {meta['a'].get('scale_block', meta['a']['scale'])}, "
      f"B {meta['b']['dtype']} scale {meta['b'].get('scale_block', meta['b']['scale'])}, D {meta['d']['dtype']}")
print(f"  config  tile {meta['tile']}, {meta['stages']} stages, cluster {meta['cluster']}, {meta['schedule']}")
print(f"  launch  {meta['block'][0]} threads per CTA, {meta['smem_bytes']} bytes of dynamic shared memory, grid '{meta['grid']}'")
print(f"  PTX     {count(r'wgmma.mma_async')} wgmma.mma_async, {count(r'cp.async.bulk.tensor')} TMA loads, "
      f"{count(r'mbarrier.try_wait')} mbarrier waits, setmaxnreg {'yes' if 'setmaxnreg' in ptx else 'no'}")
ptxas = shutil.which("ptxas") or ("/usr/local/cuda/bin/ptxas" if shutil.os.path.exists("/usr/local/cuda/bin/ptxas") else None)
if ptxas:
    r = subprocess.run([ptxas, "-arch=sm_90a", "-v", ptx_path, "-o", "/dev/null"], capture_output=True, text=True)
    info = " ".join(l.split("info    :")[-1].strip() for l in r.stderr.splitlines() if "Used" in l or "spill" in l)
    print(f"  ptxas   {'ok' if r.returncode == 0 else 'FAILED'}: {info}")
else:
    print("  ptxas   not found; skipped assembling the PTX")
PY
