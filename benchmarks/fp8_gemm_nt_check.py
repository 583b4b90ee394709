#!/usr/bin/env python3
"""fp8_gemm_nt (the Python API) on the DeepSeek-V3 shapes: correctness
against the fp32 reference, and its time against gemm-run's for the same
kernel file.

    HOPGEMM_LIBRARY=.../libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=DIR \\
      python3 benchmarks/fp8_gemm_nt_check.py --gemm-run PATH --peers PATH/peers.py

The API call is timed the way gemm-run --bench times the kernel (see
time_like_gemm_run): the same loop, flush, events and run counts, so that
the ratio measures the Python call path and nothing else. gemm-run draws
its own random data like the peers' (`--data normal`: the data changes the
tensor cores' power and so the clocks); the API runs on peers.make_inputs
data. The two are timed in alternation, --rounds times each, and compared
by their medians, so that a drift of the GPU's clocks over the run falls
on both alike. (benchmarks/bench.py times the API with the peers' do_bench
for the comparison with the peers.)
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import hopgemm  # noqa: E402
from hopgemm import gemm  # noqa: E402


# gemm-run --bench's loop (tools/gemm-run/gemm-run.cpp): warm-up runs, then
# per run a fill of a 256 MiB buffer (evicting A and B from L2), an event,
# the call, an event, and a wait for it; the median of the runs.
L2_FLUSH_BYTES = 256 << 20
# Enough runs for a sustained load, under which the GPU clocks down (by up
# to 15% on the longest kernels, benchmarks/results/2026-11-24-api).
ITERS, WARMUP = 300, 100


def time_like_gemm_run(fn, iters, warmup):
    flush = torch.empty(L2_FLUSH_BYTES // 4, dtype=torch.int32, device="cuda")
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    for _ in range(warmup):
        fn()
    times = []
    for i in range(iters):
        flush.fill_(i)
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gemm-run", required=True)
    p.add_argument("--peers", required=True)
    p.add_argument("--rounds", type=int, default=3, help="alternating timings of each (default 3)")
    args = p.parse_args()
    spec = importlib.util.spec_from_file_location("peers", args.peers)
    peers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peers)
    kernel_dir = os.environ["HOPGEMM_KERNEL_DIR"]
    print("api ms: sa given K-major (converted on every call); api* ms: sa given TMA-aligned M-major")
    print(f"{'M':>6} {'N':>6} {'K':>6} {'rel_err':>9} {'api ms':>8} {'api* ms':>8} {'gemm-run ms':>11} {'api*/gemm-run':>13}  check")
    failed = within = 0
    for (m, n, k) in peers.DEEPSEEK_SHAPES:
        x = peers.make_inputs(m, n, k)
        d = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
        hopgemm.fp8_gemm_nt((x["a"], x["sa"]), (x["b"], x["sb"]), d)
        torch.cuda.synchronize()
        err = peers.rel_err(d, x["ref"])
        ms = time_like_gemm_run(lambda: hopgemm.fp8_gemm_nt((x["a"], x["sa"]), (x["b"], x["sb"]), d),
                                ITERS, WARMUP)
        # DeepGEMM's "TMA-aligned" layout: M-major, row stride align_up(M, 4).
        kb = x["sa"].shape[1]
        sa_t = torch.empty((kb, (m + 3) // 4 * 4), device="cuda", dtype=torch.float32)[:, :m]
        sa_t.copy_(x["sa"].t())
        sa_mmajor = sa_t.t()
        d.fill_(float("nan"))
        hopgemm.fp8_gemm_nt((x["a"], sa_mmajor), (x["b"], x["sb"]), d)
        torch.cuda.synchronize()
        err = max(err, peers.rel_err(d, x["ref"]))
        # The kernel fp8_gemm_nt runs at this M: tuned for M's decode bound
        # (expected_m) when the directory has one, else the general one.
        bound = gemm.expected_m_for(m)
        tuned = bound and gemm.find_matching(kernel_dir, lambda meta: gemm.matches_recipe(meta, n, k, expected_m=bound))
        kernel_path, _ = tuned or gemm.find_precompiled(kernel_dir, n, k)
        gemm_run = [args.gemm_run, kernel_path, "--m", str(m), "--bench", "--iters", str(ITERS),
                    "--warmup", str(WARMUP), "--data", "normal"]
        api_times, ref_times = [], []
        for _ in range(args.rounds):
            api_times.append(time_like_gemm_run(
                lambda: hopgemm.fp8_gemm_nt((x["a"], sa_mmajor), (x["b"], x["sb"]), d), ITERS, WARMUP))
            found = re.search(r"([0-9.]+) ms", subprocess.run(gemm_run, capture_output=True, text=True).stdout)
            ref_times.append(float(found.group(1)) if found else float("nan"))
        ms_aligned, ref_ms = statistics.median(api_times), statistics.median(ref_times)
        ok = err < 1e-2
        failed += not ok
        within += ms_aligned / ref_ms <= 1.05
        print(f"{m:>6} {n:>6} {k:>6} {err:>9.2e} {ms:>8.4f} {ms_aligned:>8.4f} {ref_ms:>11.4f} {ms_aligned / ref_ms:>13.3f}  "
              f"{'PASS' if ok else 'FAIL'}  {os.path.basename(kernel_path)}", flush=True)
    total = len(peers.DEEPSEEK_SHAPES)
    print(f"{total - failed} passed, {failed} failed; api*/gemm-run within 5% on {within} of {total}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
