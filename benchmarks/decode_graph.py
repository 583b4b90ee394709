#!/usr/bin/env python3
"""A decode step as serving stacks run it: fp8_gemm_nt and the peers, eager and in a CUDA graph.

    HOPGEMM_KERNEL_DIR=DIR python3 benchmarks/decode_graph.py [--peers PATH/TO/peers.py]
        [--m 1,16,32,64,128] [--steps 20] [--trials 5] [--json out.json]

One step is the six DeepSeek-V3 GEMMs (N, K) of peers.DEEPSEEK_NK back to back at
M tokens, each with its own weights (231 MB of FP8, more than the 50 MB L2, so
the weights stream from HBM as in a model's layer loop). Each contender runs the
step eagerly (the Python launch path included: back-to-back decode GEMMs are
host-bound there) and replayed from one CUDA graph (launch cost gone, as serving
stacks run decode). Ours is the public hopgemm.fp8_gemm_nt (kernels compiled, or
precompiled in $HOPGEMM_KERNEL_DIR, e.g. `scripts/gen-kernels.py --set tuned`);
the peers are peers.py's cuBLASLt blockwise (no M = 1) and Triton (its fastest
correct config per shape under peers.bench). Every output is checked against
the fp32 reference first, eagerly and after a graph replay into NaN-poisoned
outputs. Time: CUDA events around `--steps` back-to-back steps, median of
`--trials`; no L2 flush between steps (the step's weights exceed the L2).
"""
import argparse
import json
import os
import statistics
import sys

import bench

MAX_ERR = bench.MAX_ERR


def ours_step(xs, ds):
    """The step through fp8_gemm_nt, with A's scales in DeepGEMM's layout
    (K-major ones would be transposed on every call)."""
    import hopgemm
    scales = [bench.tma_aligned(x["sa"]) for x in xs]

    def step():
        for x, sa, d in zip(xs, scales, ds):
            hopgemm.fp8_gemm_nt((x["a"], sa), (x["b"], x["sb"]), d)
    return step


def triton_step(peers, xs, ds):
    """The step with each shape's fastest correct Triton config (as peers.run_peer picks it)."""
    configs = []
    for x, d in zip(xs, ds):
        best = None
        for cfg in peers.TRITON_CONFIGS:
            d.fill_(float("nan"))
            peers._triton_call(x, d, cfg)
            if not peers.rel_err(d, x["ref"]) <= MAX_ERR:
                continue
            ms = peers.bench(lambda: peers._triton_call(x, d, cfg))
            if best is None or ms < best[0]:
                best = (ms, cfg)
        if best is None:
            return None
        configs.append(best[1])

    def step():
        for x, d, cfg in zip(xs, ds, configs):
            peers._triton_call(x, d, cfg)
    return step


def cublaslt_step(peers, xs, ds):
    """The step through torch._scaled_mm, which returns new outputs: `ds`
    becomes the last call's (in a graph, the captured ones, which each
    replay rewrites)."""
    fns = [peers._peer_fn("cublaslt_blockwise", x) for x in xs]
    try:
        [fn() for fn in fns]
    except RuntimeError:  # cuBLASLt has no blockwise kernel for some M (e.g. 1)
        return None

    def step():
        ds[:] = [fn() for fn in fns]
    return step


def check(peers, xs, ds, run):
    """Max rel_err of the step's outputs after run() into NaN-poisoned outputs."""
    import torch
    for d in ds:
        d.fill_(float("nan"))
    run()
    torch.cuda.synchronize()
    return max(peers.rel_err(d, x["ref"]) for x, d in zip(xs, ds))


def time_steps(run, steps, trials):
    """Median us per step over `trials` runs of `steps` back-to-back calls of run()."""
    import torch
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(trials):
        torch.cuda.synchronize()
        start.record()
        for _ in range(steps):
            run()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) * 1e3 / steps)
    return statistics.median(times)


def graph_of(step):
    """A CUDA graph of one step, captured after torch's warm-up on a side stream."""
    import torch
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        step()
    return graph


def measure(peers, m, args):
    import torch
    xs = [peers.make_inputs(m, n, k, seed=int.from_bytes(os.urandom(4), "little")) for n, k in peers.DEEPSEEK_NK]
    row = {"M": m}
    for name, make in (("ours", lambda ds: ours_step(xs, ds)), ("cublaslt_blockwise",
                       lambda ds: cublaslt_step(peers, xs, ds)), ("triton_blockfp8",
                       lambda ds: triton_step(peers, xs, ds))):
        ds = [torch.empty((m, x["n"]), dtype=torch.bfloat16, device="cuda") for x in xs]
        step = make(ds)
        if step is None:
            row[name] = None
            continue
        err = check(peers, xs, ds, step)
        graph = graph_of(step)
        graph_err = check(peers, xs, ds, graph.replay)
        ok = err <= MAX_ERR and graph_err <= MAX_ERR
        row[name] = {"eager_us": time_steps(step, args.steps, args.trials),
                     "graph_us": time_steps(graph.replay, args.steps, args.trials),
                     "rel_err": max(err, graph_err), "check": "PASS" if ok else "FAIL"}
        del graph
    peers_graph = [row[p]["graph_us"] for p in ("cublaslt_blockwise", "triton_blockfp8")
                   if row[p] and row[p]["check"] == "PASS"]
    row["better_peer_graph_us"] = min(peers_graph) if peers_graph else None
    if row["ours"] and row["better_peer_graph_us"]:
        row["ours/better_peer"] = row["better_peer_graph_us"] / row["ours"]["graph_us"]
    return row


def cell(entry, key):
    return "-" if not entry else f"{entry[key]:.1f}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peers", default=os.path.join(bench.ROOT, "..", "shared", "bench", "peers.py"))
    p.add_argument("--m", default="1,16,32,64,128")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--json")
    args = p.parse_args()
    peers = bench.load_peers(args.peers)
    info = bench.device_info(args.peers)
    print(f"device {info['name']} ({info['sm_count']} SMs) {info.get('nvidia_smi', '')}; hopgemm "
          f"{info['hopgemm_library']}; kernels {os.environ.get('HOPGEMM_KERNEL_DIR', '(compiled)')}")
    print("us per decode step (six DeepSeek GEMMs); ratio = better peer's graph time / ours; "
          f"{args.steps} steps x {args.trials} trials, median\n")
    names = ("ours", "cublaslt_blockwise", "triton_blockfp8")
    print(f"{'M':>4}  " + "  ".join(f"{n + ' eager':>24} {'graph':>7}" for n in names) + "   ratio  check")
    rows = []
    for m in (int(v) for v in args.m.split(",")):
        row = measure(peers, m, args)
        rows.append(row)
        checks = [row[n]["check"] for n in names if row[n]]
        ratio = row.get("ours/better_peer")
        cells = "  ".join(f"{cell(row[n], 'eager_us'):>24} {cell(row[n], 'graph_us'):>7}" for n in names)
        print(f"{m:>4}  {cells}  " + (f"{ratio:6.3f}" if ratio else "     -") + "  " + " ".join(checks), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": info, "command": " ".join(sys.argv), "rows": rows}, f, indent=1)
    failed = [r["M"] for r in rows for n in names if r[n] and r[n]["check"] != "PASS"]
    if failed:
        sys.exit(f"FAIL at M = {sorted(set(failed))}")


if __name__ == "__main__":
    main()
