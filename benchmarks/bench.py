#!/usr/bin/env python3
"""Our precompiled kernels against the peer kernels of peers.py, in one process.

    python3 benchmarks/bench.py --kernels DIR [--decode-kernels DIR] [--peers PATH/TO/peers.py]
        [--shapes deepseek|decode|MxNxK,...] [--json out.json] [--png out.png] [--no-peers]
    python3 benchmarks/bench.py --replot out.json --png out.png     # redraw the chart, no GPU

Same inputs (peers.make_inputs), same timer (peers.bench: do_bench median, L2
cleared) and the same fp32 reference (peers.rel_err) for everyone. See
benchmarks/README.md.
"""
import argparse
import datetime
import glob
import importlib.util
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))  # the checkout's hopgemm package
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deepgemm_kernels  # noqa: E402  (same directory: DeepGEMM's kernels and the named shape lists)

# DeepGEMM TFLOPS for the DeepSeek shapes, measured on an H100 with the same
# timer (from the project's issue). DeepGEMM itself is measured too where its
# package (deep_gemm) can be imported: load_deepgemm.
DEEPGEMM = {(128, 2112, 7168): 212, (128, 24576, 1536): 339, (128, 32768, 512): 224, (128, 7168, 16384): 480,
            (128, 4096, 7168): 310, (128, 7168, 2048): 221, (4096, 2112, 7168): 1207, (4096, 24576, 1536): 1249,
            (4096, 32768, 512): 963, (4096, 7168, 16384): 1346, (4096, 4096, 7168): 1243,
            (4096, 7168, 2048): 1205, (8192, 8192, 8192): 1412}
DEEPGEMM_LABEL = "DeepGEMM (issue table)"
MAX_ERR = 1e-2
H100_TFLOPS, H100_TBPS = 1979.0, 3.35  # dense FP8 peak, HBM3 bandwidth (H100 SXM)


def ceil_div(a, b):
    return (a + b - 1) // b


def roofline(m, n, k):
    """H100 ceiling in TFLOPS: min(peak, intensity * bandwidth), each operand and scale read once, D written once."""
    nbytes = m * k + n * k + 2 * m * n + 4 * (m * ceil_div(k, 128) + ceil_div(n, 128) * ceil_div(k, 128))
    return min(H100_TFLOPS, 2.0 * m * n * k / nbytes * H100_TBPS)


def ratio(a, b):
    return a / b if a and b else None


def read_dir(directory):
    """[(name, image path, metadata)] for each NAME.json with a NAME.cubin or NAME.ptx, by name."""
    found = []
    for meta_path in sorted(glob.glob(os.path.join(directory, "*.json"))) if directory else []:
        try:
            with open(meta_path) as f:
                meta = json.load(f)
        except (OSError, ValueError):
            continue
        stem = os.path.splitext(meta_path)[0]
        image = next((stem + ext for ext in (".cubin", ".ptx") if os.path.exists(stem + ext)), None)
        if isinstance(meta, dict) and image:
            found.append((os.path.basename(stem), image, meta))
    return found


def static_kernels(m, n, k, found):
    """The kernels of `found` (read_dir's list) with the DeepSeek recipe and the static shape [M, N, K]."""
    from hopgemm.gemm import matches_recipe
    return [(name, image, meta) for name, image, meta in found
            if meta.get("shape") == [m, n, k] and matches_recipe(dict(meta, shape=[-1, n, k]), n, k)]


def select_kernel(m, n, k, decode, dynamic, num_sms):
    """A static-M kernel of shape exactly [M, N, K] from `decode`, else a dynamic-M one for (N, K) from
    `dynamic` as fp8_gemm_nt picks among precompiled kernels (gemm.kernel_preferences: tuned for M's
    decode bound, or the heuristic's tile N for a large M, else the general one); the first by name
    with the DeepSeek recipe; None if there is none."""
    from hopgemm.gemm import kernel_preferences, matches_recipe
    exact = static_kernels(m, n, k, decode)
    if exact:
        return exact[0]
    for expected_m, tile_m, tile_n in kernel_preferences(n, m, num_sms):
        for name, image, meta in dynamic:
            if matches_recipe(meta, n, k, tile_m=tile_m, expected_m=expected_m, tile_n=tile_n):
                return name, image, meta
    return None


# (header, width, row key, format); None values print as "-".
COLUMNS = [("M", 6, "M", "d"), ("N", 6, "N", "d"), ("K", 6, "K", "d"), ("ours TFLOPS", 11, "ours", ".1f"),
           ("rel_err", 9, "rel_err", ".2e"), ("cuBLASLt blockwise", 18, "cublaslt_blockwise", ".1f"),
           ("Triton", 8, "triton_blockfp8", ".1f"), ("ours/best-peer", 14, "ours/best_peer", ".3f"),
           ("DeepGEMM", 8, "deepgemm", ".1f"), ("ours/DeepGEMM", 13, "ours/deepgemm", ".3f"),
           (DEEPGEMM_LABEL, len(DEEPGEMM_LABEL), "deepgemm_ref", ".0f"), ("ours/issue", 10, "ours/deepgemm_ref", ".3f"),
           ("check", 5, "check", "s")]


def table_header():
    return "  ".join(h.rjust(w) for h, w, _, _ in COLUMNS) + "  kernel"


def table_line(row):
    cells = []
    for _, width, key, spec in COLUMNS:
        value = row.get(key)
        cell = "-" if value is None else format(value, spec)
        if key in ("cublaslt_blockwise", "deepgemm") and row.get(key + "_err") is not None \
                and not row[key + "_err"] <= MAX_ERR:
            cell += "!"  # the peer's own output is wrong
        cells.append(cell.rjust(width))
    return "  ".join(cells) + "  " + (row.get("kernel") or row.get("note", ""))


def finish_row(row):
    """Ratios and the correctness verdict from the measured numbers."""
    ours, cb, tr = row.get("ours"), row.get("cublaslt_blockwise"), row.get("triton_blockfp8")
    row["best_peer"] = max([v for v in (cb, tr) if v], default=None)
    row["ours/cublaslt_blockwise"] = ratio(ours, cb)
    row["ours/triton_blockfp8"] = ratio(ours, tr)
    row["ours/best_peer"] = ratio(ours, row["best_peer"])
    row["ours/deepgemm"] = ratio(ours, row.get("deepgemm"))
    row["ours/deepgemm_ref"] = ratio(ours, row.get("deepgemm_ref"))
    if row.get("kernel") is None:
        row["check"] = "SKIP"
    else:
        err = row.get("rel_err")
        row["check"] = "PASS" if err is not None and err <= MAX_ERR else "FAIL"  # NaN/inf/None fail
    return row


def summary(rows):
    count = {c: sum(r["check"] == c for r in rows) for c in ("PASS", "FAIL", "SKIP")}
    line = f"{count['PASS']} passed, {count['FAIL']} failed"
    return line + (f" ({count['SKIP']} shapes skipped: no kernel)" if count["SKIP"] else ""), count["FAIL"]


def finite(value):
    """value with NaN and inf replaced by None, for strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def fmt(value, spec):
    """value formatted with spec, '-' for None."""
    return "-" if value is None else format(value, spec)


def finish_rows(rows, json_path, device):
    """The pass/fail line of a side benchmark (rows with a "check"), its rows
    as JSON at json_path; the exit code."""
    failed = sum(r["check"] == "FAIL" for r in rows)
    print(f"\n{len(rows) - failed} passed, {failed} failed")
    if json_path:
        with open(json_path, "w") as f:
            json.dump(finite({"device": device, "command": " ".join(sys.argv), "rows": rows}), f, indent=1)
    return 1 if failed else 0


def load_peers(path):
    spec = importlib.util.spec_from_file_location("peers", path)
    peers = importlib.util.module_from_spec(spec)
    sys.modules["peers"] = peers  # triton.jit inspects the module's source
    spec.loader.exec_module(peers)
    return peers


def tma_aligned(sa):
    """The A scales (M, ceil(K/128)) M-major with a row stride of align_up(M, 4): DeepGEMM's layout,
    which fp8_gemm_nt takes as is (peers.py likewise makes cuBLASLt's M-major copy once)."""
    import torch
    m, kb = sa.shape
    buf = torch.empty((kb, ceil_div(m, 4) * 4), dtype=sa.dtype, device=sa.device)
    buf[:, :m].copy_(sa.t())
    return buf[:, :m].t()


def poisoned_output(x):
    """D for the inputs x of peers.make_inputs: (M, N) bf16, all NaN, so that an unwritten element fails."""
    import torch
    return torch.full((x["m"], x["n"]), float("nan"), dtype=torch.bfloat16, device=x["a"].device)


def launcher(kernels, name, image, x):
    """(fn, d): fn launches kernel `name` (loaded from `image` once, into `kernels`) on the inputs x of
    peers.make_inputs, writing d, which starts out NaN."""
    import torch
    import hopgemm
    from hopgemm import gemm
    if name not in kernels:
        kernels[name] = hopgemm.Kernel.load(image, device=torch.cuda.current_device())
    sa = tma_aligned(x["sa"])  # built once
    d = poisoned_output(x)
    plan = gemm.check_args(x["a"], sa, x["b"], x["sb"], d)
    assert plan.sa_direct, "the M-major scale copy was not taken as is"
    stream = torch.cuda.current_stream().cuda_stream
    return (lambda: gemm.launch(kernels[name], plan, x["a"], sa, x["b"], x["sb"], d, stream)), d


def load_deepgemm(kernels_dir=None):
    """DeepGEMM where it can run, else None. Not a dependency of the project: measured only where
    someone provided it (benchmarks/README.md says how). kernels_dir: DeepGEMM's own kernel compiled
    from its headers (deepgemm_kernels.py), launched without its Python extension; otherwise its
    package deep_gemm, where it imports."""
    try:
        if kernels_dir:
            return deepgemm_kernels.Prebuilt(kernels_dir)
        import deep_gemm
        return deep_gemm
    except Exception as e:  # no kernels there, or deep_gemm missing or built against another torch
        print(f"DeepGEMM: not measured ({type(e).__name__}: {e})", flush=True)
        return None


def deepgemm_launcher(dg, x):
    """(fn, d): DeepGEMM's fp8_gemm_nt on the inputs x, writing d (NaN at first), with the A scales
    in the TMA-aligned M-major layout it wants (otherwise it transposes them on every call)."""
    sa, d = tma_aligned(x["sa"]), poisoned_output(x)
    gemm = getattr(dg, "fp8_gemm_nt", None) or dg.gemm_fp8_fp8_bf16_nt  # as its first releases name it
    return (lambda: gemm((x["a"], sa), (x["b"], x["sb"]), d)), d


def first_error(peers, x, fn, d):
    """fn run once into d: its rel_err against x's reference (inf where d holds NaN or inf)."""
    import torch
    fn()
    torch.cuda.synchronize()
    return peers.rel_err(d, x["ref"])


def checked_time(peers, x, fn, d):
    """(TFLOPS, rel_err or None where not finite): fn checked once (first_error), then timed."""
    err = first_error(peers, x, fn, d)
    return 2.0 * x["m"] * x["n"] * x["k"] / peers.bench(fn) / 1e9, (err if math.isfinite(err) else None)


def measure(m, n, k, pick, peers, run_peers, kernels, dg=None, rounds=1):
    """One row: our kernel (checked, then timed) and the peers (DeepGEMM too where dg, load_deepgemm's
    result, is given), on the same inputs. With rounds > 1 everyone is timed `rounds` times, the order
    rotated by one each round (whoever runs first after a pause runs at a higher clock: docs/
    performance.md, Method), and the median is reported; `rounds` in the row holds every round."""
    row = {"M": m, "N": n, "K": k, "roofline": roofline(m, n, k), "deepgemm_ref": DEEPGEMM.get((m, n, k))}
    if pick is None:
        return finish_row(dict(row, kernel=None, note="no matching kernel: skipped"))
    name, image, meta = pick
    row.update(kernel=name, kernel_shape=meta.get("shape"), tile=meta.get("tile"), stages=meta.get("stages"),
               schedule=meta.get("schedule"), split_k=meta.get("split_k", 1),
               seed=int.from_bytes(os.urandom(4), "little"))
    x = peers.make_inputs(m, n, k, seed=row["seed"])
    # (row key, printed name, () -> (TFLOPS, rel_err)); each checks its output where it is timed.
    contenders = []
    try:
        ours = launcher(kernels, name, image, x)
        contenders.append(("ours", f"ours ({name})", lambda: checked_time(peers, x, *ours)))  # NaN: FAIL
    except Exception as e:  # a broken kernel is a FAIL row, not the end of the run
        row["error"] = f"{type(e).__name__}: {e}"
        print(f"  ! ours {m}x{n}x{k} ({name}): {row['error']}", flush=True)
    for peer in peers.PEERS if run_peers else []:
        contenders.append((peer, f"peer {peer}", lambda peer=peer: peers.run_peer(peer, x)))
    if dg is not None:
        try:
            dg_call = deepgemm_launcher(dg, x)
            contenders.append(("deepgemm", "DeepGEMM", lambda: checked_time(peers, x, *dg_call)))
        except Exception as e:
            row["deepgemm_error"] = f"{type(e).__name__}: {e}"
            print(f"  ! DeepGEMM {m}x{n}x{k}: {row['deepgemm_error']}", flush=True)
    error_key = {key: "error" if key == "ours" else key + "_error" for key, _, _ in contenders}
    times = {key: [] for key, _, _ in contenders}
    errs = {key: [] for key, _, _ in contenders}
    for r in range(max(rounds, 1)):
        shift = r % max(len(contenders), 1)
        for key, what, run in contenders[shift:] + contenders[:shift]:
            if error_key[key] in row:
                continue
            try:
                tflops, err = run()
            except Exception as e:
                row[error_key[key]] = f"{type(e).__name__}: {e}"
                print(f"  ! {what} {m}x{n}x{k}: {row[error_key[key]]}", flush=True)
                continue
            times[key].append(tflops)
            errs[key].append(err)
    for key in times:
        values = [t for t in times[key] if t is not None]  # a peer may find no valid config
        ok = values and error_key[key] not in row
        row[key] = statistics.median(values) if ok else None
        # The worst round decides. Ours and DeepGEMM: None (not finite) fails
        # the check; a peer's None is no figure (the ceilings compute
        # another function).
        if key in ("ours", "deepgemm"):
            err = max(errs[key]) if ok and None not in errs[key] else None
        else:
            err = max([e for e in errs[key] if e is not None], default=None) if ok else None
        row["rel_err" if key == "ours" else key + "_err"] = err
    if rounds > 1:
        row["rounds"] = {key: [None if v is None else round(v, 1) for v in values]
                         for key, values in times.items()}
    if row.get("ours"):
        row["ms"] = 2.0 * m * n * k / row["ours"] / 1e9
    return finish_row(row)


def device_info(peers_path):
    import torch
    import triton
    import hopgemm
    props = torch.cuda.get_device_properties(torch.cuda.current_device())
    info = {"name": props.name, "sm_count": props.multi_processor_count, "torch": torch.__version__,
            "cuda": torch.version.cuda, "triton": triton.__version__, "hopgemm_library": hopgemm.library_path(),
            "hopgemm_version": hopgemm.library_version(), "peers": os.path.abspath(peers_path)}
    try:
        info["nvidia_smi"] = subprocess.run(
            ["nvidia-smi", "--query-gpu=driver_version,clocks.max.sm,power.limit", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def draw_chart(result, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"matplotlib is not installed: no chart; draw it elsewhere with --replot JSON --png {path}")
        return
    rows = [r for r in result["rows"] if r["check"] != "SKIP"]
    if not rows:
        print("no measured rows: no chart")
        return
    series = [("ours (hopgemm)", "ours", "tab:red", None),
              ("cuBLASLt blockwise", "cublaslt_blockwise", "tab:blue", None),
              ("Triton block FP8", "triton_blockfp8", "tab:green", None)]
    if any(r.get("deepgemm") for r in rows):
        series.append(("DeepGEMM", "deepgemm", "tab:purple", None))
    series.append((DEEPGEMM_LABEL, "deepgemm_ref", "white", "///"))
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(max(8.0, 1.15 * len(rows) + 2), 5.5))
    for i, (label, key, color, hatch) in enumerate(series):
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(rows))]
        ax.bar(xs, [r.get(key) or 0 for r in rows], width, label=label, color=color, hatch=hatch,
               edgecolor="dimgray" if hatch else color, linewidth=0.6)
    for j, r in enumerate(rows):
        ax.hlines(r["roofline"], j - 0.45, j + 0.45, colors="black", linewidth=1.5,
                  label=f"H100 roofline ({H100_TFLOPS:.0f} TFLOPS, {H100_TBPS} TB/s)" if j == 0 else None)
        if r["check"] == "FAIL":
            ax.text(j - (len(series) - 1) / 2 * width, (r.get("ours") or 0) + 15, "FAIL", color="red",
                    ha="center", fontsize=8)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([f"{r['M']}x{r['N']}x{r['K']}" for r in rows], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("TFLOPS (median, do_bench, L2 cleared)")
    ax.set_ylim(0, max([r["roofline"] for r in rows] + [r.get(s[1]) or 0 for r in rows for s in series]) * 1.08)
    ax.set_title(f"Block-scaled FP8 GEMM on {result['device'].get('name', '?')}, {result['date']}")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    print(f"wrote {path}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", help="directory of dynamic-M kernels (NAME.ptx + NAME.json)")
    p.add_argument("--decode-kernels", help="directory of static-M kernels, used where the shape matches exactly")
    p.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "bench", "peers.py"), help="peers.py")
    p.add_argument("--shapes", default="deepseek",
                   help="'deepseek' (the 13 shapes of the issue table), 'decode' (the 24 at M = 1-64) and/or "
                        "MxNxK, comma-separated, e.g. deepseek,4096x7168x2048")
    p.add_argument("--json", help="write the rows and the device facts here")
    p.add_argument("--png", help="draw the chart here (needs matplotlib)")
    p.add_argument("--no-peers", action="store_true", help="time only our kernels")
    p.add_argument("--rounds", type=int, default=1,
                   help="time everyone this many times per shape, the order rotated each round; medians")
    p.add_argument("--no-deepgemm", action="store_true", help="leave DeepGEMM out even where deep_gemm imports")
    p.add_argument("--deepgemm-kernels", metavar="DIR",
                   help="measure DeepGEMM with its kernels compiled by deepgemm_kernels.py, not its package")
    p.add_argument("--replot", metavar="JSON", help="only redraw --png from a JSON this script wrote")
    args = p.parse_args()
    if args.replot:
        with open(args.replot) as f:
            draw_chart(json.load(f), args.png or os.path.splitext(args.replot)[0] + ".png")
        return 0
    if not args.kernels and not args.decode_kernels:
        p.error("give --kernels and/or --decode-kernels")
    for directory in (args.kernels, args.decode_kernels):
        if directory and not os.path.isdir(directory):
            p.error(f"{directory} is not a directory")
    peers = load_peers(args.peers)
    try:
        shapes = deepgemm_kernels.parse_shapes(args.shapes)
    except ValueError as e:
        p.error(str(e))
    decode, dynamic = read_dir(args.decode_kernels), read_dir(args.kernels)
    info = device_info(args.peers)
    dg = None if args.no_peers or args.no_deepgemm else load_deepgemm(args.deepgemm_kernels)
    info["deep_gemm"] = getattr(dg, "__version__", None)
    date = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    print(f"device {info['name']} ({info['sm_count']} SMs) {info.get('nvidia_smi', '')}")
    print(f"torch {info['torch']} (CUDA {info['cuda']}) triton {info['triton']} hopgemm {info['hopgemm_version']} "
          f"({info['hopgemm_library']}); {len(dynamic)} kernels in {args.kernels}, {len(decode)} in "
          f"{args.decode_kernels}; DeepGEMM {info['deep_gemm'] or 'not measured'}; {date}", flush=True)
    print(f"TFLOPS = 2MNK / median time (peers.bench); check: rel_err <= {MAX_ERR:g} against the fp32 reference; "
          f"'!' = the peer's own rel_err > {MAX_ERR:g}; best-peer = max(cuBLASLt blockwise, Triton)\n", flush=True)
    print(table_header(), flush=True)
    rows, kernels, start = [], {}, time.time()
    result = {"device": info, "date": date, "command": " ".join(sys.argv), "max_rel_err": MAX_ERR,
              "deepgemm_note": DEEPGEMM_LABEL + ": H100, same timer, from the project's issue",
              "kernels_used": [], "rows": rows}
    for (m, n, k) in shapes:
        pick = select_kernel(m, n, k, decode, dynamic, info['sm_count'])
        rows.append(measure(m, n, k, pick, peers, not args.no_peers, kernels, dg, rounds=args.rounds))
        print(table_line(rows[-1]), flush=True)
        result["kernels_used"] = sorted({r["kernel"] for r in rows if r.get("kernel")})
        if args.json:  # after every row, so that a run cut short still leaves its rows
            with open(args.json, "w") as f:
                json.dump(finite(result), f, indent=1)
    line, failed = summary(rows)
    print(f"\n{line}  ({time.time() - start:.0f} s)", flush=True)
    if args.json:
        print(f"wrote {args.json}")
    if args.png:
        draw_chart(result, args.png)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
