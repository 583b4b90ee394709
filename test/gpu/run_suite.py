#!/usr/bin/env python3
"""GPU correctness suite for compiled GEMM kernels.

Runs `gemm-run --check --repeat 3` for every kernel in a directory
(NAME.ptx or NAME.cubin next to NAME.json, whose "shape" gives static N and
K) at a range of M values (a static M: that one), prints a table and exits
non-zero on any failure. Grouped kernels run at fixed group counts (1, 4
and 7, gemm-run drawing the groups' sizes with an empty one and a one-block
one): m_contiguous with M = (G + 1) tiles, m_masked with max_m of one or
two tiles, k_contiguous with K = 3 x G x k_alignment.
gemm-run poisons D with NaN and compares against an fp32 reference, so
unwritten tiles and wrong values both fail; canaries around D and C catch
stray writes, and the repeated runs must agree bit for bit.

  run_suite.py --kernels DIR [--gemm-run PATH] [--m 1,64,...] [--repeat N]
               [--sanitize [--sanitize-tools memcheck,racecheck,synccheck]]
               [--skip-ok]

Without a CUDA driver or device it prints "skipped: ..." and exits 1, or 0
with --skip-ok (for lit on machines without a GPU). Standard library only.
"""

import argparse
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile

DEFAULT_MS = [1, 64, 127, 128, 1000, 4096]
SANITIZER_TOOLS = ["memcheck", "racecheck", "synccheck"]
DEFAULT_SANITIZER_TOOLS = SANITIZER_TOOLS
# gemm-run's exit code for "no usable CUDA driver or device".
EXIT_NO_GPU = 3


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernels", required=True,
                   help="directory of NAME.ptx/NAME.cubin + NAME.json")
    p.add_argument("--gemm-run", default="gemm-run",
                   help="the gemm-run binary (default: from PATH)")
    p.add_argument("--m", default=",".join(map(str, DEFAULT_MS)),
                   help="comma-separated M values (default: %(default)s)")
    p.add_argument("--repeat", type=int, default=3,
                   help="runs of each correctness case, which must give "
                        "bit-identical D (gemm-run --repeat; default: "
                        "%(default)s)")
    p.add_argument("--sanitize", action="store_true",
                   help="also run each kernel under the compute-sanitizer "
                        "tools of --sanitize-tools")
    p.add_argument("--sanitize-tools", default=None,
                   help="comma-separated compute-sanitizer tools for "
                        "--sanitize (default: %s)" % ",".join(DEFAULT_SANITIZER_TOOLS))
    p.add_argument("--sanitize-m", type=int, default=127,
                   help="M of the sanitizer cases (default: %(default)s)")
    p.add_argument("--compute-sanitizer", default=None,
                   help="path of compute-sanitizer (default: PATH, then "
                        "/usr/local/cuda/bin)")
    p.add_argument("--skip-ok", action="store_true",
                   help="exit 0 when no GPU is usable (for lit)")
    p.add_argument("--device", type=int, default=0)
    p.add_argument("--seed", type=int, default=None,
                   help="random seed for every case (default: gemm-run "
                        "picks one and reports it)")
    p.add_argument("--timeout", type=float, default=900,
                   help="seconds per case (default: %(default)s)")
    args = p.parse_args()
    try:
        args.ms = [int(m) for m in args.m.split(",") if m.strip()]
    except ValueError:
        p.error("--m must be a comma-separated list of integers, not %r"
                % args.m)
    if not args.ms:
        p.error("--m lists no values")
    if args.repeat < 1:
        p.error("--repeat must be at least 1, not %d" % args.repeat)
    if args.sanitize_tools is not None and not args.sanitize:
        p.error("--sanitize-tools needs --sanitize")
    args.tools = [t.strip() for t in
                  (args.sanitize_tools or ",".join(DEFAULT_SANITIZER_TOOLS)).split(",")
                  if t.strip()]
    unknown = [t for t in args.tools if t not in SANITIZER_TOOLS]
    if unknown or not args.tools:
        p.error("--sanitize-tools takes a comma-separated list of %s, not %r"
                % (", ".join(SANITIZER_TOOLS), args.sanitize_tools))
    return args


def last_error_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1] if lines else "no output"


def gpu_status(args):
    """Returns (usable, message) from `gemm-run --device-info`."""
    try:
        r = subprocess.run(
            [args.gemm_run, "--device-info", "--device", str(args.device)],
            capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        return None, "gemm-run not found: %s" % args.gemm_run
    if r.returncode == 0:
        return True, r.stdout.strip()
    message = last_error_line(r.stderr)
    prefix = "gemm-run: error: "
    if message.startswith(prefix):
        message = message[len(prefix):]
    if r.returncode == EXIT_NO_GPU:
        return False, message
    return None, "gemm-run --device-info failed (exit %d): %s" % (
        r.returncode, message)


def find_kernels(directory):
    """Yields (name, kernel_path, meta_path, meta_or_error)."""
    for entry in sorted(os.listdir(directory)):
        if not entry.endswith(".json"):
            continue
        name = entry[:-len(".json")]
        meta_path = os.path.join(directory, entry)
        kernel_path = None
        for ext in (".cubin", ".ptx"):
            candidate = os.path.join(directory, name + ext)
            if os.path.exists(candidate):
                kernel_path = candidate
                break
        try:
            with open(meta_path) as f:
                meta = json.load(f)
        except (OSError, ValueError) as e:
            yield name, kernel_path, meta_path, "cannot read metadata: %s" % e
            continue
        if kernel_path is None:
            yield name, None, meta_path, "no %s.ptx or %s.cubin" % (name, name)
            continue
        yield name, kernel_path, meta_path, meta


GROUP_COUNTS = [1, 4, 7]


DTYPE_BYTES = {"bf16": 2, "f16": 2, "f32": 4}


def m_step(meta):
    """The M values a dynamic-M kernel can take: any, or multiples of 8 when
    A is M-major (TMA needs 16-byte rows, and A's rows are M long)."""
    a = meta.get("a") or {}
    if a.get("major") != "m_major":
        return 1
    return 16 // DTYPE_BYTES.get(a.get("dtype"), 1)


def kernel_cases(meta, ms):
    """The (M, N, K, G) problems to run a kernel at (G None when
    ungrouped), or (None, error)."""
    shape = meta.get("shape") if isinstance(meta, dict) else None
    if (not isinstance(shape, list) or len(shape) != 3
            or not all(isinstance(v, int) for v in shape)):
        return None, "metadata has no [M, N, K] shape"
    m_static, n, k = shape
    grouping = meta.get("grouping") or {}
    kind = grouping.get("kind")
    if n <= 0 or (k <= 0 and kind != "k_contiguous"):
        return None, "N and K must be static in the metadata (shape %s)" % (
            shape,)
    if not kind:
        if m_static > 0:
            ms = [m_static]
        else:
            step = m_step(meta)
            ms = sorted({-(-m // step) * step for m in ms})
        return [(m, n, k, None) for m in ms], None
    align = grouping.get("m_alignment")
    if not isinstance(align, int) or align <= 0:
        return None, "grouping %s without a positive m_alignment" % kind
    if kind == "m_contiguous":
        return [(align * (g + 1), n, k, g) for g in GROUP_COUNTS], None
    if kind == "m_masked":
        return [(align * rows, n, k, g)
                for g, rows in zip(GROUP_COUNTS, (1, 2, 1))], None
    if kind == "k_contiguous":
        k_align = grouping.get("k_alignment", 128)
        m = m_static if m_static > 0 else 2 * align
        return [(m, n, 3 * g * k_align, g) for g in GROUP_COUNTS], None
    return None, "unknown grouping %r" % kind


class Case:
    def __init__(self, kernel, m, n, k, tool=None, groups=None):
        self.kernel, self.m, self.n, self.k, self.tool = kernel, m, n, k, tool
        self.groups = groups
        self.rel_err = None
        self.nan = None
        self.seed = None
        self.passed = False
        self.note = ""


def check_problems(check):
    """What failed in gemm-run's JSON "check" object, as table notes."""
    problems = []
    numerics_ok = (check.get("nan_count") == 0 and check.get("inf_count") == 0
                   and check.get("bad_ref_count") == 0
                   and check.get("rel_err") is not None
                   and check.get("tolerance") is not None
                   and check["rel_err"] <= check["tolerance"])
    if not numerics_ok:
        problems.append("rel_err above tolerance or NaN in D")
    canary = check.get("canary") or {}
    if canary.get("intact") is False:
        problems.append("canary: %s" % canary.get("message"))
    determinism = check.get("determinism") or {}
    if determinism.get("identical") is False:
        problems.append("determinism: %s" % determinism.get("message"))
    return problems or ["check failed"]


def run_check(args, case, kernel_path, meta_path, wrapper=()):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        cmd = list(wrapper) + [
            args.gemm_run, kernel_path, "--meta", meta_path,
            "--m", str(case.m), "--check", "--json", out,
            "--device", str(args.device)]
        if case.groups is not None:
            # K is passed for the k_contiguous kernels, whose K is dynamic;
            # gemm-run checks it against a static one.
            cmd += ["--groups", str(case.groups), "--k", str(case.k)]
        # Sanitized runs are slow, and the unsanitized cases check
        # determinism already.
        if not wrapper:
            cmd += ["--repeat", str(args.repeat)]
        if args.seed is not None:
            cmd += ["--seed", str(args.seed)]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=args.timeout)
        except subprocess.TimeoutExpired:
            case.note = "timed out after %gs" % args.timeout
            return case
        result = None
        if os.path.exists(out):
            try:
                with open(out) as f:
                    result = json.load(f)
            except ValueError as e:
                case.note = "unreadable result: %s" % e
    check = (result or {}).get("check") or {}
    case.rel_err = check.get("rel_err")
    case.nan = check.get("nan_count")
    case.seed = (result or {}).get("seed")
    check_ok = r.returncode == 0 and bool(check.get("pass"))
    if wrapper:
        # memcheck and synccheck print "ERROR SUMMARY: N errors", racecheck
        # "RACECHECK SUMMARY: N hazards displayed (N errors, N warnings)".
        summary = [l for l in (r.stdout + r.stderr).splitlines()
                   if "ERROR SUMMARY" in l or "RACECHECK SUMMARY" in l]
        clean = bool(summary) and all(
            re.search(r"\b0 errors", l) and not re.search(r"\b[1-9][0-9]* (errors|hazards)", l)
            for l in summary)
        case.passed = check_ok and clean
        if not clean:
            case.note = summary[-1].strip() if summary else \
                last_error_line(r.stderr or r.stdout)
    else:
        case.passed = check_ok
    if not case.passed and not case.note:
        if result is None:
            case.note = last_error_line(r.stderr)
        elif not check.get("pass"):
            case.note = "; ".join(check_problems(check))
        else:
            case.note = "exit code %d" % r.returncode
    return case


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_table(cases):
    headers = ["kernel", "tool", "G", "M", "N", "K", "rel_err", "NaN", "result"]
    rows = []
    for c in cases:
        result = "PASS" if c.passed else "FAIL"
        notes = [c.note] if c.note else []
        if not c.passed and c.seed is not None:
            notes.append("seed %s" % c.seed)
        if notes:
            result += " (%s)" % "; ".join(notes)
        rows.append([c.kernel, c.tool or "-", "-" if c.groups is None else str(c.groups),
                     str(c.m), str(c.n), str(c.k),
                     fmt(c.rel_err, ".3e"), fmt(c.nan, "d"), result])
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths))

    print(line(headers).rstrip())
    print(line(["-" * w for w in widths]).rstrip())
    for r in rows:
        print(line(r).rstrip())


def find_sanitizer(args):
    if args.compute_sanitizer:
        return args.compute_sanitizer
    return shutil.which("compute-sanitizer") or next(
        (p for p in ["/usr/local/cuda/bin/compute-sanitizer"]
         if os.path.exists(p)), None)


def main():
    args = parse_args()
    if not os.path.isdir(args.kernels):
        print("error: --kernels %s is not a directory" % args.kernels,
              file=sys.stderr)
        return 1
    usable, message = gpu_status(args)
    if usable is None:
        print("error: %s" % message, file=sys.stderr)
        return 1
    if not usable:
        print("skipped: %s" % message)
        return 0 if args.skip_ok else 1
    print(message.splitlines()[0] if message else "")

    kernels = list(find_kernels(args.kernels))
    if not kernels:
        print("error: no NAME.json kernels in %s" % args.kernels,
              file=sys.stderr)
        return 1
    sanitizer = find_sanitizer(args) if args.sanitize else None
    if args.sanitize and not sanitizer:
        print("error: --sanitize needs compute-sanitizer (not found)",
              file=sys.stderr)
        return 1

    cases = []
    for name, kernel_path, meta_path, meta in kernels:
        problems, error = (None, meta) if isinstance(meta, str) else \
            kernel_cases(meta, args.ms)
        if error:
            case = Case(name, "-", "-", "-")
            case.note = error
            cases.append(case)
            continue
        for m, n, k, groups in problems:
            cases.append(run_check(args, Case(name, m, n, k, groups=groups),
                                   kernel_path, meta_path))
            print("  %s m=%d%s: %s" % (name, m, "" if groups is None else " G=%d" % groups,
                                      "PASS" if cases[-1].passed else "FAIL"),
                  file=sys.stderr, flush=True)
        if sanitizer:
            # Ungrouped kernels with a dynamic M at --sanitize-m, the others
            # at their first problem.
            m, n, k, groups = problems[0]
            if groups is None and (meta["shape"][0] or -1) <= 0:
                step = m_step(meta)
                m = -(-args.sanitize_m // step) * step
            for tool in args.tools:
                wrapper = [sanitizer, "--tool", tool, "--error-exitcode", "99"]
                cases.append(run_check(
                    args, Case(name, m, n, k, tool, groups), kernel_path,
                    meta_path, wrapper))
                print("  %s m=%d %s: %s" % (name, m, tool,
                                            "PASS" if cases[-1].passed
                                            else "FAIL"),
                      file=sys.stderr, flush=True)

    print_table(cases)
    failed = [c for c in cases if not c.passed]
    if failed:
        print("%d of %d cases FAILED" % (len(failed), len(cases)))
        return 1
    print("all %d cases passed" % len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
