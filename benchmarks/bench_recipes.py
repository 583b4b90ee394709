#!/usr/bin/env python3
"""Our kernels for the other recipes against cuBLAS(Lt) doing the same, in one process.

    python3 benchmarks/bench_recipes.py --kernels DIR [--peers PATH/TO/peers.py]
        [--m 128,4096] [--recipes tensor,row,bf16] [--json out.json]

Recipes, each with the peer that computes the same function:
    tensor  e4m3 x e4m3, one fp32 scale per tensor, bf16 out   torch._scaled_mm, tensor scales (cuBLASLt)
    row     e4m3 x e4m3, fp32 scales per row of A and of B     torch._scaled_mm, row-wise scales (cuBLASLt)
    bf16    bf16 x bf16 -> bf16, no scales                      torch.matmul (cuBLAS)
    bf16_nn, bf16_tn, bf16_tt: the same with B stored (K, N) (N-major), both MN-major
            (A (K, M), B (K, N)), or A stored (K, M) (M-major), named as DeepGEMM's
            bf16_gemm_* (a letter per operand: t for A^T, resp. B^T, in D = A B);
            torch.matmul on the same storage, transposed views
DIR holds kernels from `scripts/gen-kernels.py --set recipe-bench` (NAME = RECIPE_nN_kK, dynamic M).
Timer (peers.bench: do_bench median, L2 cleared) and error (peers.rel_err against an fp32 reference of
the dequantized operands) are those of ../shared/bench/peers.py; inputs are fresh random values.
"""
import argparse
import datetime
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from bench import finish_rows, fmt, load_peers  # noqa: E402

MAX_ERR = 1e-2
# BF16 recipes: whether A is stored (K, M) (M-major) and B (K, N) (N-major).
BF16_LAYOUTS = {"bf16": (False, False), "bf16_nn": (False, True), "bf16_tn": (True, True),
                "bf16_tt": (True, False)}
RECIPES = ("tensor", "row") + tuple(BF16_LAYOUTS)


def make_inputs(recipe, m, n, k, torch):
    """Operands, scales and the fp32 reference of the dequantized product."""
    dev = "cuda"
    a32 = torch.randn(m, k, device=dev)
    b32 = torch.randn(n, k, device=dev)
    if recipe in BF16_LAYOUTS:
        a, b = a32.bfloat16(), b32.bfloat16()
        a_mn, b_mn = BF16_LAYOUTS[recipe]
        # What the kernels read: A (M, K) or (K, M), B (N, K) or (K, N).
        return dict(a=a.t().contiguous() if a_mn else a, b=b.t().contiguous() if b_mn else b,
                    ref=a.float() @ b.float().t())
    a, b = a32.to(torch.float8_e4m3fn), b32.to(torch.float8_e4m3fn)
    if recipe == "tensor":
        sa = torch.full((1,), 0.5, device=dev)
        sb = torch.full((1,), 0.25, device=dev)
        ref = (a.float() @ b.float().t()) * (0.5 * 0.25)
    else:
        sa = torch.rand(m, 1, device=dev) + 0.5
        sb = torch.rand(1, n, device=dev) + 0.5
        ref = (a.float() @ b.float().t()) * sa * sb
    return dict(a=a, b=b, sa=sa, sb=sb, ref=ref)


def peer_fn(recipe, x, torch):
    if recipe in BF16_LAYOUTS:
        a_mn, b_mn = BF16_LAYOUTS[recipe]
        a = x["a"].t() if a_mn else x["a"]
        b = x["b"] if b_mn else x["b"].t()
        return lambda: a @ b
    return lambda: torch._scaled_mm(x["a"], x["b"].t(), x["sa"], x["sb"], out_dtype=torch.bfloat16)


def our_fn(kernel, recipe, x, d, m, n, k, torch):
    from hopgemm import TensorArg
    stream = torch.cuda.current_stream().cuda_stream
    t = lambda v: TensorArg(v.data_ptr(), bytes=v.numel() * v.element_size())  # noqa: E731
    scales = {} if recipe in BF16_LAYOUTS else dict(sa=t(x["sa"]), sb=t(x["sb"]))
    return lambda: kernel.launch(m, n, k, a=t(x["a"]), b=t(x["b"]), d=t(d), stream=stream, **scales)


def measure(recipe, m, n, k, kernel, peers, torch):
    row = {"recipe": recipe, "M": m, "N": n, "K": k, "kernel": kernel.name}
    flops = 2.0 * m * n * k
    x = make_inputs(recipe, m, n, k, torch)
    d = torch.full((m, n), float("nan"), dtype=torch.bfloat16, device="cuda")
    fn = our_fn(kernel, recipe, x, d, m, n, k, torch)
    fn()
    torch.cuda.synchronize()
    err = peers.rel_err(d, x["ref"])
    row["rel_err"] = err if math.isfinite(err) else None
    row["ours"] = flops / peers.bench(fn) / 1e9
    pf = peer_fn(recipe, x, torch)
    try:
        row["peer_err"] = peers.rel_err(pf(), x["ref"])
        row["peer"] = flops / peers.bench(pf) / 1e9
    except Exception as e:  # a peer that cannot run this recipe is a gap in the table, not the end
        row["peer_error"] = f"{type(e).__name__}: {e}"
    row["ours/peer"] = row["ours"] / row["peer"] if row.get("peer") else None
    row["check"] = "PASS" if row["rel_err"] is not None and row["rel_err"] <= MAX_ERR else "FAIL"
    return row


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", required=True, help="directory of RECIPE_nN_kK.ptx + .json")
    p.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "bench", "peers.py"))
    p.add_argument("--m", default="128,4096", help="comma-separated M values")
    p.add_argument("--recipes", default=",".join(RECIPES))
    p.add_argument("--json")
    args = p.parse_args()
    import torch
    import hopgemm
    peers = load_peers(args.peers)
    ms = [int(v) for v in args.m.split(",")]
    recipes = args.recipes.split(",")
    print(f"device {torch.cuda.get_device_name()} torch {torch.__version__}; "
          f"{datetime.datetime.now():%Y-%m-%d %H:%M}", flush=True)
    print(f"{'recipe':>7} {'M':>5} {'N':>6} {'K':>6} {'ours':>7} {'rel_err':>9} {'peer':>7} "
          f"{'peer_err':>9} {'ours/peer':>9}  check", flush=True)
    rows, kernels = [], {}
    for recipe in recipes:
        for n, k in peers.DEEPSEEK_NK:
            name = f"{recipe}_n{n}_k{k}"
            path = os.path.join(args.kernels, name + ".ptx")
            if not os.path.exists(path):
                print(f"  no kernel {path}: skipped", flush=True)
                continue
            kernels[name] = kernels.get(name) or hopgemm.Kernel.load(path)
            for m in ms:
                r = measure(recipe, m, n, k, kernels[name], peers, torch)
                rows.append(r)
                print(f"{recipe:>7} {m:>5} {n:>6} {k:>6} {fmt(r['ours'], '7.1f')} {fmt(r['rel_err'], '9.2e')} "
                      f"{fmt(r.get('peer'), '7.1f')} {fmt(r.get('peer_err'), '9.2e')} "
                      f"{fmt(r['ours/peer'], '9.3f')}  {r['check']}", flush=True)
    return finish_rows(rows, args.json, torch.cuda.get_device_name())


if __name__ == "__main__":
    sys.exit(main())
