#!/usr/bin/env python3
"""Times split-K decode kernels (scripts/gen-kernels.py --set split-sweep) with gemm-run.

    scripts/split-sweep.py --kernels DIR --gemm-run PATH [--json out.json]

Each kernel is checked (--check) and timed (--bench: L2 flushed, median);
prints, per shape, every (tile, split_k) with its time, best first.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import tempfile


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", required=True)
    p.add_argument("--gemm-run", default="gemm-run")
    p.add_argument("--json")
    args = p.parse_args()
    rows = []
    pattern = re.compile(r"sk_m(\d+)_n(\d+)_k(\d+)_tm(\d+)_tn(\d+)_s(\d+)$")
    for path in sorted(glob.glob(os.path.join(args.kernels, "sk_*.ptx"))):
        name = os.path.splitext(os.path.basename(path))[0]
        m, n, k, tm, tn, s = map(int, pattern.match(name).groups())
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            r = subprocess.run([args.gemm_run, path, "--m", str(m), "--check", "--repeat", "3", "--bench", "--iters", "30",
                                "--json", out.name], capture_output=True, text=True, timeout=120)
            try:
                result = json.load(open(out.name))
            except ValueError:
                result = {}
        ms = result.get("bench", {}).get("median_ms")
        ok = r.returncode == 0
        rows.append(dict(m=m, n=n, k=k, tm=tm, tn=tn, split_k=s, us=ms * 1e3 if ms else None, ok=ok,
                         error=None if ok else (r.stderr or r.stdout).strip().splitlines()[-1:]))
    shapes = sorted({(r["m"], r["n"], r["k"]) for r in rows})
    for shape in shapes:
        group = sorted((r for r in rows if (r["m"], r["n"], r["k"]) == shape),
                       key=lambda r: r["us"] if r["us"] else 1e9)
        base = min((r["us"] for r in group if r["split_k"] == 1 and r["us"]), default=None)
        print("M=%d N=%d K=%d  (best without split: %s us)" % (shape + (("%.1f" % base) if base else "-",)))
        for r in group[:6]:
            print("   tile %3dx%-3d split_k %2d  %7s us  %s" % (r["tm"], r["tn"], r["split_k"],
                  "%.1f" % r["us"] if r["us"] else "-", "PASS" if r["ok"] else "FAIL %s" % r["error"]))
    failed = [r for r in rows if not r["ok"]]
    print("%d kernels, %d failed" % (len(rows), len(failed)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
