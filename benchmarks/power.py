#!/usr/bin/env python3
"""Time, SM clock, board power and energy per GEMM of our kernel and cuBLASLt under sustained load.

    python3 benchmarks/power.py --kernels DIR [--peers PATH/TO/peers.py] [--shapes deepseek|decode|MxNxK,...]
        [--seconds S] [--rounds R]

For each shape, every static-M kernel of the shape in DIR (NAME.json with
NAME.ptx or NAME.cubin, as bench.py's --decode-kernels: one, or several
variants), cuBLASLt blockwise (peers.py) and, where deep_gemm imports,
DeepGEMM each run back to back for S seconds, R times interleaved, while nvidia-smi
samples the SM clock and the board power every 100 ms. Printed per run: time
per GEMM, TFLOPS, median clock and power over the run's samples, energy per
GEMM (power x time) and TFLOPS per GHz of SM clock (work per cycle: the
schedule's efficiency with the clock taken out). A kernel that loses at a
power-capped clock but wins per cycle spends more energy per FLOP.

Back-to-back launches without an L2 flush: steady-state figures, not
bench.py's (do_bench clears L2 before each run).
"""
import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (same directory; sets up the hopgemm import path)
import deepgemm_kernels  # noqa: E402  (same directory: the named shape lists)


def run_for(fn, seconds):
    """(calls, elapsed s, start, end wall time): fn launched back to back for about `seconds`."""
    import torch
    fn()
    torch.cuda.synchronize()
    calls, start = 0, time.time()
    while time.time() - start < seconds:
        for _ in range(20):
            fn()
        calls += 20
        torch.cuda.synchronize()
    end = time.time()
    return calls, end - start, start, end


def passes(peers, x, who, fn, d):
    """Whether fn, run once into d, matches x's reference; says so when not (or when fn raises)."""
    try:
        err = bench.first_error(peers, x, fn, d)
    except Exception as e:  # e.g. a DeepGEMM build that cannot run this shape
        print(f"{x['m']}x{x['n']}x{x['k']}: {who} raised {type(e).__name__}: {e}: skipped", flush=True)
        return False
    if not err <= bench.MAX_ERR:
        print(f"{x['m']}x{x['n']}x{x['k']}: {who} FAILS (rel_err {err}): skipped", flush=True)
    return err <= bench.MAX_ERR


def read_samples(path):
    """[(epoch seconds, SM MHz, watts)] from nvidia-smi's csv (timestamp, clocks.sm, power.draw)."""
    samples = []
    with open(path) as f:
        for line in f:
            fields = [x.strip() for x in line.split(",")]
            try:
                when = datetime.datetime.strptime(fields[0], "%Y/%m/%d %H:%M:%S.%f").timestamp()
                samples.append((when, float(fields[1].split()[0]), float(fields[2].split()[0])))
            except (ValueError, IndexError):
                continue  # the header, or a sample without a value
    return samples


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", required=True, help="directory of static-M kernels")
    p.add_argument("--peers", default=os.path.join(bench.ROOT, "..", "shared", "bench", "peers.py"))
    p.add_argument("--shapes", default="4096x7168x16384,8192x8192x8192")
    p.add_argument("--seconds", type=float, default=3.0, help="sustained run per contender and round")
    p.add_argument("--rounds", type=int, default=2, help="interleaved rounds (A, B, cuBLASLt, A, ...)")
    p.add_argument("--deepgemm-kernels", metavar="DIR", help="DeepGEMM's kernels from deepgemm_kernels.py")
    args = p.parse_args()
    peers = bench.load_peers(args.peers)
    shapes = deepgemm_kernels.parse_shapes(args.shapes)
    static = bench.read_dir(args.kernels)
    log = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
    smi = subprocess.Popen(["nvidia-smi", "--query-gpu=timestamp,clocks.sm,power.draw", "--format=csv,noheader",
                            "-lms", "100", "-f", log])
    print(f"{'shape':>18} {'who':>28} {'us/GEMM':>9} {'TFLOPS':>7} {'MHz':>5} {'W':>5} {'J/GEMM':>7} "
          f"{'TFLOPS/GHz':>10} {'samples':>7}", flush=True)
    runs, kernels = [], {}
    dg = bench.load_deepgemm(args.deepgemm_kernels)
    try:
        time.sleep(1.0)  # nvidia-smi's first sample
        for (m, n, k) in shapes:
            x = peers.make_inputs(m, n, k)
            contenders = []
            for name, image, _ in bench.static_kernels(m, n, k, static):
                fn, d = bench.launcher(kernels, name, image, x)
                if passes(peers, x, name, fn, d):
                    contenders.append((name, fn))
            if not contenders:
                print(f"{m}x{n}x{k}: no passing static-M kernel in {args.kernels}: skipped", flush=True)
                continue
            contenders.append(("cuBLASLt", peers._peer_fn("cublaslt_blockwise", x)))
            if dg is not None:
                fn, d = bench.deepgemm_launcher(dg, x)
                if passes(peers, x, "DeepGEMM", fn, d):
                    contenders.append(("DeepGEMM", fn))
            for _ in range(args.rounds):
                for who, fn in contenders:
                    calls, elapsed, start, end = run_for(fn, args.seconds)
                    runs.append(((m, n, k), who, calls, elapsed, start, end))
        time.sleep(0.3)
    finally:
        smi.terminate()
        smi.wait()
    samples = read_samples(log)
    os.unlink(log)
    for (m, n, k), who, calls, elapsed, start, end in runs:
        # Skip the first half second of each run: the clock settles.
        inside = [(mhz, w) for t, mhz, w in samples if start + 0.5 <= t <= end]
        us = elapsed / calls * 1e6
        tflops = 2.0 * m * n * k / us / 1e6
        if not inside:
            print(f"{f'{m}x{n}x{k}':>18} {who:>28} {us:9.1f} {tflops:7.1f}  (no samples)", flush=True)
            continue
        mhz = statistics.median(s[0] for s in inside)
        watts = statistics.median(s[1] for s in inside)
        print(f"{f'{m}x{n}x{k}':>18} {who:>28} {us:9.1f} {tflops:7.1f} {mhz:5.0f} {watts:5.0f} "
              f"{watts * us * 1e-6:7.3f} {tflops / mhz * 1000:10.1f} {len(inside):7d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
