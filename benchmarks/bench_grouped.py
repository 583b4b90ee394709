#!/usr/bin/env python3
"""Grouped (MoE) FP8 GEMMs: ours against a loop of per-expert cuBLASLt calls, in one process.

    HOPGEMM_LIBRARY=.../libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=DIR \\
      python3 benchmarks/bench_grouped.py [--peers PATH/TO/peers.py] [--json out.json]

DIR holds the kernels of `scripts/gen-kernels.py --set grouped`; ours runs through the public
API (hopgemm.m_grouped_fp8_gemm_nt_contiguous / _masked). The DeepSeek-V3 recipe (e4m3, 1x128
and 128x128 fp32 scales, bf16 out); shapes from the project's issue. Timer and error are those of
../shared/bench/peers.py (do_bench median with L2 cleared; rel_err against the fp32 reference of
the dequantized operands, over the valid rows). TFLOPS count valid rows only.

K-grouped (weight gradient; hopgemm.k_grouped_fp8_gemm_nt_contiguous, the kg_* kernels of the same
set): A (M, sum K) and B (N, sum K) e4m3 with 1x128 scales on both, D (G, M, N) f32, timed without C
and accumulating into C = D in place. The peers, per group: cuBLASLt with 1x128 scales on both
operands (torch._scaled_mm; reported as unsupported where cuBLASLt refuses it), and cuBLASLt FP8 with
per-tensor scales (another recipe, for speed only), each on contiguous per-group copies made outside
the timing.
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


# (G, M, N, K per group): the MoE weights of DeepSeek-V3 (gate/up 4096 x 7168, down 7168 x 2048).
K_SHAPES = [(4, 4096, 7168, 8192), (4, 7168, 2048, 8192), (8, 4096, 7168, 4096), (8, 7168, 2048, 4096)]


def measure_k(groups, m, n, k_per, peers, torch, hopgemm):
    ks = [k_per] * groups
    k = sum(ks)
    a, sa = peers.quant_1x128(torch.randn(m, k, device="cuda"))
    b, sb = peers.quant_1x128(torch.randn(n, k, device="cuda"))
    a32 = a.float() * sa.repeat_interleave(128, dim=1)
    b32 = b.float() * sb.repeat_interleave(128, dim=1)
    spans = [(g * k_per, (g + 1) * k_per) for g in range(groups)]
    ref = torch.stack([a32[:, lo:hi] @ b32[:, lo:hi].t() for lo, hi in spans])
    del a32, b32
    c = torch.randn(groups, m, n, device="cuda")
    flops = 2.0 * m * n * k
    row = {"layout": "k_contiguous", "groups": groups, "M": m, "N": n, "K_per_group": k_per}
    d = torch.full((groups, m, n), float("nan"), device="cuda")
    try:
        hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, ks)
        torch.cuda.synchronize()
        row["rel_err"] = peers.rel_err(d, ref)
        row["ours"] = flops / peers.bench(lambda: hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, ks)) / 1e9
        acc = c.clone()
        hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), acc, ks, c=acc)
        torch.cuda.synchronize()
        row["rel_err_c"] = peers.rel_err(acc, ref + c)
        row["ours_c"] = flops / peers.bench(
            lambda: hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), acc, ks, c=acc)) / 1e9
    except Exception as e:  # a failing kernel is a FAIL row
        row["error"] = f"{type(e).__name__}: {e}"
    parts = [(a[:, lo:hi].contiguous(), b[:, lo:hi].contiguous(),
              sa[:, lo // 128:hi // 128].t().contiguous().t(), sb[:, lo // 128:hi // 128].contiguous())
             for lo, hi in spans]
    outs = [torch.empty(m, n, device="cuda") for _ in spans]
    one = torch.ones((), device="cuda")

    def blockwise():
        for (ag, bg, sag, sbg), o in zip(parts, outs):
            o.copy_(torch._scaled_mm(ag, bg.t(), sag, sbg.t(), out_dtype=torch.float32))

    def tensorwise():
        for (ag, bg, _, _), o in zip(parts, outs):
            o.copy_(torch._scaled_mm(ag, bg.t(), one, one, out_dtype=torch.float32))
    for key, fn in (("cublaslt_1x128_loop", blockwise), ("cublaslt_tensor_loop", tensorwise)):
        try:
            fn()
            torch.cuda.synchronize()
            if key == "cublaslt_1x128_loop":
                row["loop_err"] = peers.rel_err(torch.stack(outs), ref)
            row[key] = flops / peers.bench(fn) / 1e9
        except Exception as e:
            row[key + "_error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:120]}"
    best = max([row[x] for x in ("cublaslt_1x128_loop", "cublaslt_tensor_loop") if row.get(x)], default=None)
    row["ours/best_loop"] = row["ours"] / best if row.get("ours") and best else None
    ok = all(row.get(x) is not None and row[x] <= MAX_ERR for x in ("rel_err", "rel_err_c"))
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
    print(f"\n{'K-grouped':>10} {'G':>3} {'M':>5} {'N':>5} {'K/G':>5} {'ours':>7} {'rel_err':>9} {'ours+C':>7} "
          f"{'1x128 loop':>10} {'tensor loop':>11} {'ours/best':>9}  check")
    for shape in K_SHAPES:
        r = measure_k(*shape, peers, torch, hopgemm)
        rows.append(r)
        print(f"{'':>10} {r['groups']:>3} {r['M']:>5} {r['N']:>5} {r['K_per_group']:>5} {fmt(r.get('ours'), '7.1f')} "
              f"{fmt(r.get('rel_err'), '9.2e')} {fmt(r.get('ours_c'), '7.1f')} {fmt(r.get('cublaslt_1x128_loop'), '10.1f')} "
              f"{fmt(r.get('cublaslt_tensor_loop'), '11.1f')} {fmt(r.get('ours/best_loop'), '9.3f')}  {r['check']} "
              f"{r.get('error', '')} {r.get('cublaslt_1x128_loop_error', '')}", flush=True)
    return finish_rows(rows, args.json, torch.cuda.get_device_name())


if __name__ == "__main__":
    sys.exit(main())
