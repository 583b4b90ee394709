"""One process: variants of our static-M kernels (.device/v/<label>/) beside DeepGEMM's kernels and
cuBLASLt blockwise, on the same inputs, rounds interleaved; medians and ratios to cuBLASLt.
    python3 ab.py [--only 'LABEL TILE'] [--rounds N] [--warmup N] [--shapes MxNxK,...] [--dg DIR,...] [--triton]
--triton adds the Triton peer (its best config, chosen again each round, as peers.run_peer does).
--profile: instead of timing, each kernel's own device time (torch.profiler, CUPTI) over 200 launches
with the L2 cleared between them as do_bench does, median per kernel (Triton: each of its configs).
--warmup rounds are timed and discarded before the counted ones: in the seventeenth session's runs the
first kernel of a shape's first round often read 5-10% high (the GPU cooler after the checks). Runs
before that session used no warm-up round (--warmup 0)."""
import argparse
import statistics
import sys
sys.path.insert(0, "benchmarks")
import bench
import deepgemm_kernels

ap = argparse.ArgumentParser()
ap.add_argument("--only")
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--warmup", type=int, default=1)
ap.add_argument("--shapes", default="4096x7168x16384,8192x8192x8192,4096x24576x1536")
ap.add_argument("--variants", default=".device/v")
ap.add_argument("--dg", default=".device/dg,.device/dgx/a0")
ap.add_argument("--triton", action="store_true")
ap.add_argument("--profile", action="store_true")
args = ap.parse_args()
import os
peers = bench.load_peers(".device/peers.py")
labels = sorted(os.listdir(args.variants))
found = {lab: bench.read_dir(f"{args.variants}/{lab}") for lab in labels}
dgs = {d: deepgemm_kernels.Prebuilt(d) for d in args.dg.split(",") if os.path.isdir(d)}
for shape in args.shapes.split(","):
    m, n, k = map(int, shape.split("x"))
    x = peers.make_inputs(m, n, k)
    fns = []
    for lab in labels:
        cache = {}
        for name, image, _ in bench.static_kernels(m, n, k, found[lab]):
            fns.append((f"{lab} {name.split('_')[1]}", *bench.launcher(cache, name, image, x)))
    for d, dg in dgs.items():
        if (m, n, k) in dg.metas:
            fns.append((f"DeepGEMM {os.path.basename(d)}", *bench.deepgemm_launcher(dg, x)))
    cublas = peers._peer_fn("cublaslt_blockwise", x)
    try:
        cublas()
        fns.append(("cuBLASLt", cublas, None))
    except RuntimeError as e:  # e.g. CUBLAS_STATUS_NOT_SUPPORTED at M = 1
        print(f"{shape} cuBLASLt left out: {str(e)[:80]}", flush=True)
    if args.triton:
        fns.append(("Triton", None, None))
    if args.profile:
        import torch
        from torch.profiler import profile, ProfilerActivity
        if args.triton:
            out = torch.empty(m, n, device="cuda", dtype=torch.bfloat16)
            fns = [f for f in fns if f[1] is not None]
            for cfg in peers.TRITON_CONFIGS:
                fns.append((f"Triton {cfg}", (lambda c=cfg: peers._triton_call(x, out, c)), None))
        l2 = torch.empty(256 << 20, dtype=torch.int8, device="cuda")
        for who, fn, _ in fns:
            for _ in range(20):
                fn()
            torch.cuda.synchronize()
            with profile(activities=[ProfilerActivity.CUDA]) as prof:
                for _ in range(200):
                    l2.zero_()
                    fn()
                torch.cuda.synchronize()
            times = {}
            for e in prof.events():
                if e.device_type.name == "CUDA" and "elementwise" not in e.name and "fill" not in e.name.lower():
                    times.setdefault(e.name[:50], []).append(e.device_time)
            for name, t in times.items():
                print(f"{shape:16s} {who:28s} {statistics.median(t):7.2f} us (n={len(t)})  {name}", flush=True)
            if not times:
                print(prof.key_averages().table(sort_by="device_time_total", row_limit=6), flush=True)
        continue
    if args.only:
        for who, fn, d in fns:
            if who == args.only:
                print(shape, who, "rel_err", bench.first_error(peers, x, fn, d), flush=True)
        continue
    bad = []
    for who, fn, d in fns:
        if d is not None:
            err = bench.first_error(peers, x, fn, d)
            if not err <= 1e-2:
                bad.append(who)
            print(f"{shape} {who}: rel_err {err:.3g}", flush=True)
    times = {who: [] for who, _, _ in fns}
    for r in range(args.warmup + args.rounds):
        for who, fn, _ in fns:
            if fn is None:
                tflops = peers.run_peer("triton_blockfp8", x)[0]
            else:
                tflops = 2.0 * m * n * k / peers.bench(fn) / 1e9
            if r >= args.warmup:
                times[who].append(tflops)
    # Ratios to cuBLASLt, or where it could not run to the first contender (named in each row).
    base_who = "cuBLASLt" if "cuBLASLt" in times else fns[0][0]
    base = statistics.median(times[base_who])
    for who, t in times.items():
        med = statistics.median(t)
        print(f"{shape:16s} {who:22s} {med:7.1f} TFLOPS {med / base:6.3f}x {base_who}  rounds "
              + " ".join(f"{v:.0f}" for v in t) + ("  FAIL" if who in bad else ""), flush=True)
