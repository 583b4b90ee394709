#!/usr/bin/env python3
"""Every compiled variant of a shape against each other and the peers, in one process.

    python3 benchmarks/bench_variants.py --kernels DIR [--peers PATH/TO/peers.py] [--json out.json]
        [--rounds R] [--m M,...]

DIR holds static-M kernels of the DeepSeek recipe (NAME.json with NAME.cubin or
NAME.ptx, e.g. from `scripts/gen-kernels.py --set swap-sweep`), several per
shape: tiles, split-K factors, swap_ab. For each shape the peers run once
(cuBLASLt blockwise and Triton), then every variant is checked and timed with
the same timer as bench.py (peers.bench); the table lists each variant's time
and its ratio to the better peer, fastest first. For fitting the config
heuristic; bench.py shows what the heuristic picks. With --rounds R every
variant and the peers run R times, interleaved (A B C, A B C, ...), so that
clock and power drift fall on all alike; the table shows the median and
each round. --m adds the dynamic-M kernels in DIR at those M.
"""
import argparse
import collections
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (same directory; sets up the hopgemm import path)


def describe(meta):
    tile = "x".join(str(t) for t in meta.get("tile", [])[:2])
    return (f"{tile} split {meta.get('split_k', 1)}" + (" swap_ab" if meta.get("swap_ab") else "")
            + (" dynamic M" if meta.get("shape", [0])[0] == -1 else ""))


def median_row(rows, peer_names):
    """The first round's row with the median time (and peer figures) over the rounds."""
    row = dict(rows[0])
    times = [r["ms"] for r in rows if r.get("ms")]
    row["rounds_us"] = [round(t * 1000, 2) for t in times]
    if len(times) == len(rows) and times:
        row["ms"] = statistics.median(times)
        row["ours"] = 2.0 * row["M"] * row["N"] * row["K"] / row["ms"] / 1e9
    errors = [r.get("rel_err") for r in rows]
    row["rel_err"] = None if None in errors else max(errors)  # the worst round decides the check
    for peer in peer_names:
        values = [r.get(peer) for r in rows]
        if all(v is not None for v in values):
            row[peer] = statistics.median(values)
    return row


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", required=True)
    p.add_argument("--peers", default=os.path.join(bench.ROOT, "..", "shared", "bench", "peers.py"))
    p.add_argument("--json")
    p.add_argument("--rounds", type=int, default=1, help="interleaved rounds per shape (median reported)")
    p.add_argument("--m", default="", help="M values at which the dynamic-M kernels in DIR run too")
    args = p.parse_args()
    dynamic_ms = [int(m) for m in args.m.split(",") if m]
    peers = bench.load_peers(args.peers)
    by_shape = collections.defaultdict(list)
    for kernel in bench.read_dir(args.kernels):
        shape = kernel[2].get("shape", [])
        if len(shape) == 3 and shape[0] > 0:
            by_shape[tuple(shape)].append(kernel)
        elif len(shape) == 3 and shape[0] == -1:
            for m in dynamic_ms:
                by_shape[(m, shape[1], shape[2])].append(kernel)
    cache, rows = {}, []
    for m, n, k in sorted(by_shape):
        variants = sorted(by_shape[(m, n, k)])
        rounds = [[bench.measure(m, n, k, pick, peers, i == 0, cache) for i, pick in enumerate(variants)]
                  for _ in range(args.rounds)]
        shape_rows = [bench.finish_row(median_row([r[i] for r in rounds], peers.PEERS))
                      for i in range(len(variants))]
        best_peer = shape_rows[0].get("best_peer")
        print(f"\n{m} x {n} x {k}: cuBLASLt blockwise {bench.fmt(shape_rows[0].get('cublaslt_blockwise'), '.1f')}, "
              f"Triton {bench.fmt(shape_rows[0].get('triton_blockfp8'), '.1f')} TFLOPS", flush=True)
        for row, (name, _, meta) in sorted(zip(shape_rows, variants), key=lambda x: x[0].get("ms") or 1e9):
            row["best_peer"] = best_peer
            row["ours/best_peer"] = bench.ratio(row.get("ours"), best_peer)
            row["variant"] = describe(meta)
            us = row["ms"] * 1000 if row.get("ms") else None
            print(f"  {row['variant']:24s} {bench.fmt(us, '8.1f')} us {bench.fmt(row.get('ours'), '7.1f')} TFLOPS  "
                  f"ours/best-peer {bench.fmt(row['ours/best_peer'], '.3f')}  rel_err {bench.fmt(row.get('rel_err'), '.2e')}"
                  f"  {row['check']}  {name}"
                  + (f"  rounds {row['rounds_us']}" if args.rounds > 1 else ""), flush=True)
            rows.append(row)
    return bench.finish_rows(rows, args.json, bench.device_info(args.peers) if args.json else None)


if __name__ == "__main__":
    sys.exit(main())
