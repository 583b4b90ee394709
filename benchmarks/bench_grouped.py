#!/usr/bin/env python3
"""Grouped (MoE) FP8 GEMMs: ours against a loop of per-expert cuBLASLt blockwise calls, in one process.

    HOPGEMM_LIBRARY=.../libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=DIR \\
      python3 benchmarks/bench_grouped.py [--peers PATH/TO/peers.py] [--json out.json]

DIR holds the kernels of `scripts/gen-kernels.py --set grouped`; ours runs through the public
API (hopgemm.m_grouped_fp8_gemm_nt_contiguous / _masked). The DeepSeek-V3 recipe (e4m3, 1x128
and 128x128 fp32 scales, bf16 out); shapes from the project's issue. Timer and error are those of
../shared/bench/peers.py (do_bench median with L2 cleared; rel_err against the fp32 reference of
the dequantized operands, over the valid rows). TFLOPS count valid rows only.
"""
import argparse
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from bench import finish_rows, fmt, load_peers  # noqa: E402

MAX_ERR = 1e-2
# (layout, groups, rows per group, N, K): DeepGEMM's published H800 shapes.
SHAPES = [("contiguous", 4, 8192, 4096, 7168), ("masked", 1, 1024, 4096, 7168), ("masked", 4, 256, 7168, 2048)]


def make_group_inputs(peers, groups, rows, n, k):
    """Per group: peers.make_inputs (quantized operands, scales, fp32 reference)."""
    return [peers.make_inputs(rows, n, k) for _ in range(groups)]


def measure(layout, groups, rows, n, k, peers, torch, hopgemm):
    xs = make_group_inputs(peers, groups, rows, n, k)
    b = torch.stack([x["b"] for x in xs])
    sb = torch.stack([x["sb"] for x in xs])
    ref = torch.cat([x["ref"] for x in xs])
    m = groups * rows
    if layout == "contiguous":
        a = torch.cat([x["a"] for x in xs])
        sa_t = torch.cat([x["sa"] for x in xs]).t().contiguous()  # TMA-aligned M-major, used as is
        sa = sa_t.t()
        d = torch.full((m, n), float("nan"), dtype=torch.bfloat16, device="cuda")
        index = torch.arange(groups, device="cuda", dtype=torch.int32).repeat_interleave(rows)
        ours = lambda: hopgemm.m_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, index)  # noqa: E731
        out = lambda: d  # noqa: E731
    else:
        a = torch.stack([x["a"] for x in xs])
        sa_t = torch.stack([x["sa"].t().contiguous() for x in xs])  # (G, K/128, max_m)
        sa = sa_t.transpose(1, 2)
        d = torch.full((groups, rows, n), float("nan"), dtype=torch.bfloat16, device="cuda")
        index = torch.full((groups,), rows, device="cuda", dtype=torch.int32)
        ours = lambda: hopgemm.m_grouped_fp8_gemm_nt_masked((a, sa), (b, sb), d, index, rows)  # noqa: E731
        out = lambda: d.reshape(m, n)  # noqa: E731
    flops = 2.0 * m * n * k
    row = {"layout": layout, "groups": groups, "rows": rows, "N": n, "K": k}
    try:
        ours()
        torch.cuda.synchronize()
        err = peers.rel_err(out(), ref)
        row["rel_err"] = err if math.isfinite(err) else None
        row["ours"] = flops / peers.bench(ours) / 1e9
    except Exception as e:  # a failing kernel is a FAIL row
        row["error"] = f"{type(e).__name__}: {e}"
    # The peer: one cuBLASLt blockwise call per expert, scales prepared outside the timing.
    sa_mn = [x["sa"].t().contiguous().t() for x in xs]
    outs = [torch.empty(rows, n, dtype=torch.bfloat16, device="cuda") for _ in xs]

    def loop():
        for x, s, o in zip(xs, sa_mn, outs):
            o.copy_(torch._scaled_mm(x["a"], x["b"].t(), s, x["sb"].t(), out_dtype=torch.bfloat16))
    try:
        loop()
        row["loop_err"] = peers.rel_err(torch.cat(outs), ref)
        row["cublaslt_loop"] = flops / peers.bench(loop) / 1e9
    except Exception as e:
        row["loop_error"] = f"{type(e).__name__}: {e}"
    row["scaled_grouped_mm"] = "available" if hasattr(torch, "_scaled_grouped_mm") else "absent"
    row["ours/loop"] = row["ours"] / row["cublaslt_loop"] if row.get("ours") and row.get("cublaslt_loop") else None
    ok = row.get("rel_err") is not None and row["rel_err"] <= MAX_ERR
    row["check"] = "PASS" if ok else "FAIL"
    return row


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "bench", "peers.py"))
    p.add_argument("--json")
    args = p.parse_args()
    import torch
    import hopgemm
    peers = load_peers(args.peers)
    print(f"device {torch.cuda.get_device_name()} torch {torch.__version__}; "
          f"torch._scaled_grouped_mm {'present' if hasattr(torch, '_scaled_grouped_mm') else 'absent'}")
    print(f"{'layout':>10} {'G':>3} {'rows':>5} {'N':>5} {'K':>5} {'ours':>7} {'rel_err':>9} "
          f"{'cuBLASLt loop':>13} {'ours/loop':>9}  check")
    rows = []
    for shape in SHAPES:
        r = measure(*shape, peers, torch, hopgemm)
        rows.append(r)
        print(f"{r['layout']:>10} {r['groups']:>3} {r['rows']:>5} {r['N']:>5} {r['K']:>5} "
              f"{fmt(r.get('ours'), '7.1f')} {fmt(r.get('rel_err'), '9.2e')} {fmt(r.get('cublaslt_loop'), '13.1f')} "
              f"{fmt(r.get('ours/loop'), '9.3f')}  {r['check']} {r.get('error', '')}", flush=True)
    return finish_rows(rows, args.json, torch.cuda.get_device_name())


if __name__ == "__main__":
    sys.exit(main())
