#!/usr/bin/env python3
"""Compiles a set of GEMM specs to PTX + JSON for the GPU suite and benchmarks.

    scripts/gen-kernels.py --out DIR [--set deepseek|suite] [--gemm-opt PATH]

Each kernel NAME gets DIR/NAME.mlir (the spec), DIR/NAME.ptx and DIR/NAME.json.
The GPU machines have no MLIR: compile here, carry DIR there.
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (N, K) of DeepSeek-V3 inference, as in ../shared/bench/peers.py.
DEEPSEEK_NK = [(2112, 7168), (24576, 1536), (32768, 512), (7168, 16384), (4096, 7168), (7168, 2048)]

SPEC = """gemm.matmul @{name} {{
  shape = [{m}, {n}, {k}],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>{config}
}}
"""


# Tiles the config heuristic chooses among, timed by the sweep set.
SWEEP_TILES = [(128, 128), (128, 64), (64, 128), (64, 64), (64, 32), (64, 16)]


def kernel_set(which):
    """(name, N, K, config or None[, static M])."""
    if which == "decode":
        # Static M = 128: the heuristic picks the tile that fills the SMs.
        return [(f"fp8_m128_n{n}_k{k}", n, k, None, 128) for n, k in DEEPSEEK_NK]
    if which == "static":
        # Every benchmark shape with a static M, as a JIT would compile it.
        return [(f"fp8_m{m}_n{n}_k{k}", n, k, None, m)
                for m in (128, 4096) for n, k in DEEPSEEK_NK] + [("fp8_m8192_n8192_k8192", 8192, 8192, None, 8192)]
    if which == "sweep":
        return [(f"sweep_tm{tm}_tn{tn}_n{n}_k{k}", n, k, f"tile = [{tm}, {tn}, 128], schedule = persistent")
                for n, k in DEEPSEEK_NK for tm, tn in SWEEP_TILES]
    kernels = [(f"fp8_n{n}_k{k}", n, k, None) for n, k in DEEPSEEK_NK]
    if which == "deepseek":
        return kernels
    # Ragged N (not a multiple of the tile), small K, and the other tiles.
    kernels += [
        ("fp8_n576_k7168", 576, 7168, None),
        ("fp8_n200_k384", 200, 384, None),
        ("fp8_n8192_k8192", 8192, 8192, None),
        ("fp8_tm64_n2112_k7168", 2112, 7168, "tile = [64, 128, 128]"),
        ("fp8_tn64_n4096_k1536", 4096, 1536, "tile = [128, 64, 128], stages = 6"),
        ("fp8_s2_n1000_k1280", 1000, 1280, "tile = [128, 128, 128], stages = 2"),
    ]
    # The persistent schedule on every DeepSeek shape, for the suite and for
    # timing against the data-parallel grid.
    kernels += [(f"fp8_persistent_n{n}_k{k}", n, k, "schedule = persistent") for n, k in DEEPSEEK_NK]
    return kernels


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--set", default="suite", choices=["deepseek", "decode", "static", "suite", "sweep"])
    p.add_argument("--gemm-opt", default=os.path.join(ROOT, "build", "bin", "gemm-opt"))
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, n, k, config, *m in kernel_set(args.set):
        cfg = f",\n  config = #gemm.config<{config}>" if config else ""
        spec = os.path.join(args.out, name + ".mlir")
        with open(spec, "w") as f:
            f.write(SPEC.format(name=name, m=m[0] if m else "?", n=n, k=k, config=cfg))
        r = subprocess.run([args.gemm_opt, spec, "--gemm-to-ptx", "-o", os.path.join(args.out, name + ".ptx")])
        if r.returncode != 0:
            sys.exit(f"gen-kernels: compiling {spec} failed")
        print(f"compiled {name}")


if __name__ == "__main__":
    main()
