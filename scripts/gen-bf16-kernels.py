#!/usr/bin/env python3
"""Compiles the kernels of hopgemm.bf16_gemm_nt / nn / tn / tt to PTX + JSON.

    scripts/gen-bf16-kernels.py --out DIR [--nk N,K ...] [--gemm-opt PATH]

For each (N, K), every layout, d dtype (bf16, f32) and with and without c:
DIR/NAME.mlir (the spec hopgemm.bf16 compiles in-process), DIR/NAME.ptx and
DIR/NAME.json. On a GPU machine with only libhopgemm_runtime.so the
functions find them by their metadata in HOPGEMM_KERNEL_DIR=DIR. The
default (N, K) are those of test/python/test_gpu_bf16.py.
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

from hopgemm.bf16 import LAYOUTS, bf16_spec  # noqa: E402

# test/python/test_gpu_bf16.py's NK.
TEST_NK = [(200, 1040), (4096, 7168)]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--nk", nargs="+", metavar="N,K", help="the (N, K) to compile for (default: the GPU tests')")
    p.add_argument("--gemm-opt", default=os.path.join(ROOT, "build", "bin", "gemm-opt"))
    args = p.parse_args()
    nks = [tuple(int(x) for x in nk.split(",")) for nk in args.nk] if args.nk else TEST_NK
    os.makedirs(args.out, exist_ok=True)
    for n, k in nks:
        for layout in LAYOUTS:
            for out_dtype in ("bf16", "f32"):
                for with_c in (False, True):
                    text = bf16_spec(layout, n, k, out_dtype, with_c)
                    name = text.split("@", 1)[1].split()[0]
                    spec = os.path.join(args.out, name + ".mlir")
                    with open(spec, "w") as f:
                        f.write(text)
                    r = subprocess.run([args.gemm_opt, spec, "--gemm-to-ptx", "-o",
                                        os.path.join(args.out, name + ".ptx")])
                    if r.returncode != 0:
                        sys.exit(f"gen-bf16-kernels: compiling {spec} failed")
                    print(f"compiled {name}")


if __name__ == "__main__":
    main()
