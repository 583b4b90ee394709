#!/usr/bin/env python3
"""Where the time of a Python fp8_gemm_nt call goes: host time per call and do_bench time of the
public API against the bare launch of the same kernel, plus a cProfile of the API call.

    HOPGEMM_LIBRARY=.../libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=DIR \\
      python3 benchmarks/api_overhead.py --peers PATH/TO/peers.py [--shapes 128x32768x512,...]
"""
import argparse
import cProfile
import io
import os
import pstats
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from bench import load_peers  # noqa: E402


def host_us(fn, torch, calls=2000):
    """Host microseconds per call, the GPU work queued behind."""
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    elapsed = time.perf_counter() - start
    torch.cuda.synchronize()
    return elapsed / calls * 1e6


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peers", required=True)
    p.add_argument("--shapes", default="128x32768x512,128x7168x2048,4096x7168x2048")
    args = p.parse_args()
    import torch
    import hopgemm
    from hopgemm import gemm
    peers = load_peers(args.peers)
    print(f"{'shape':>18} {'api host us':>11} {'bare host us':>12} {'api us':>8} {'bare us':>8} {'api/bare':>8}")
    for shape in args.shapes.split(","):
        m, n, k = (int(v) for v in shape.split("x"))
        x = peers.make_inputs(m, n, k)
        sa = x["sa"].t().contiguous().t()  # TMA-aligned M-major: used as is
        d = torch.empty(m, n, dtype=torch.bfloat16, device="cuda")
        api = lambda: hopgemm.fp8_gemm_nt((x["a"], sa), (x["b"], x["sb"]), d)  # noqa: E731
        api()
        kernel = gemm.kernel_for(torch.cuda.current_device(), n, k)
        plan = gemm.check_args(x["a"], sa, x["b"], x["sb"], d)
        stream = torch.cuda.current_stream().cuda_stream
        bare = lambda: gemm.launch(kernel, plan, x["a"], sa, x["b"], x["sb"], d, stream)  # noqa: E731
        h_api, h_bare = host_us(api, torch), host_us(bare, torch)
        t_api, t_bare = peers.bench(api) * 1e3, peers.bench(bare) * 1e3
        print(f"{shape:>18} {h_api:11.1f} {h_bare:12.1f} {t_api:8.1f} {t_bare:8.1f} {t_api / t_bare:8.3f}", flush=True)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(500):
        api()
    profile.disable()
    torch.cuda.synchronize()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(14)
    print("\ncProfile of 500 fp8_gemm_nt calls (last shape), by own time:")
    print("\n".join(out.getvalue().splitlines()[4:]))


if __name__ == "__main__":
    sys.exit(main())
