"""BF16 GEMMs on torch tensors with DeepGEMM's conventions:
bf16_gemm_XY(a, b, d, c) computes d = c + X(a) @ Y(b), where the letter n
takes its operand as it is and t transposes it, as deep_gemm.bf16_gemm_XY
does (its nn, tn and tt call its nt with (a, b.T), (a.T, b.T) and
(a.T, b)). So a is (M, K), K-major, for n and (K, M), M-major, for t; b is
(N, K), K-major, for t and (K, N), N-major, for n.

a and b are bfloat16; d is (M, N), bfloat16 or float32 (the kernel's output
type), written; c is None or a tensor like d, which may be d itself
(accumulate in place: each tile reads its block of c before it writes its
block of d). All contiguous, on one CUDA device. TMA needs rows of a
multiple of 16 bytes: K a multiple of 8 for a K-major operand, M (N) for an
M- (N-) major one, N a multiple of 8 (bfloat16 d) or 4 (float32 d). The
kernel per (device, layout, N, K, d dtype, with or without c) is compiled
with a dynamic M and the heuristic's config (cached in memory and on disk),
or found in $HOPGEMM_KERNEL_DIR by its metadata. Calls run on
torch.cuda.current_stream() of d's device; a call on the same tensors as a
recent one reuses its launch (see gemm.launch_key). M or N = 0 returns d
without a launch; K = 0 copies c into d (or zeroes d).

As in gemm.py, the argument checks read only tensor attributes, so they are
tested without torch.
"""

from dataclasses import dataclass

from .gemm import _bytes, _dtype, _import_torch, launch_key, load_kernel, relaunch, remember_launch
from .grouped import _check_common
from .runtime import TensorArg

# The spec's majors of a and b for each layout.
LAYOUTS = {"nt": ("k_major", "k_major"), "nn": ("k_major", "n_major"),
           "tn": ("m_major", "n_major"), "tt": ("m_major", "k_major")}
# The dtypes d (and c) may have, by torch name: the spec's type.
OUT_DTYPES = {"bfloat16": "bf16", "float32": "f32"}


@dataclass
class Plan:
    """What a bf16_gemm_* function decided about its arguments."""

    layout: str
    m: int
    n: int
    k: int
    device: int
    # The spec's type of d and c ("bf16" or "f32").
    out_dtype: str
    with_c: bool


def check_args(layout, a, b, d, c=None):
    """Validates the tensors of bf16_gemm_<layout>; raises TypeError or
    ValueError."""
    a_major, b_major = LAYOUTS[layout]
    tensors = {"a": a, "b": b, "d": d}
    if c is not None:
        tensors["c"] = c
    _check_common(tensors, dict.fromkeys(tensors, 2), None, (("a", "bfloat16"), ("b", "bfloat16")))
    if _dtype(d) not in OUT_DTYPES:
        raise TypeError(f"d must be torch.bfloat16 or torch.float32, got {d.dtype}")
    if c is not None and _dtype(c) != _dtype(d):
        raise TypeError(f"c must have d's dtype {d.dtype}, got {c.dtype}")
    m, k = a.shape if a_major == "k_major" else reversed(a.shape)
    n, b_k = b.shape if b_major == "k_major" else reversed(b.shape)
    forms = (f"bf16_gemm_{layout} takes a as {'(M, K)' if a_major == 'k_major' else '(K, M)'} and b as "
             f"{'(N, K)' if b_major == 'k_major' else '(K, N)'}; a has shape {tuple(a.shape)}")
    if b_k != k:
        raise ValueError(f"b has shape {tuple(b.shape)}, whose K {b_k} is not a's K {k} ({forms})")
    for name in ("d", "c"):
        if name in tensors and tuple(tensors[name].shape) != (m, n):
            raise ValueError(f"{name} has shape {tuple(tensors[name].shape)}, expected (M, N) = {(m, n)} ({forms}, "
                             f"b {tuple(b.shape)})")
    for name, t in tensors.items():
        if not t.is_contiguous():
            raise ValueError(f"{name} must be contiguous (row-major), got strides {tuple(t.stride())}")
    # TMA moves rows of a multiple of 16 bytes; each tensor's rows run along
    # this dimension.
    rows = {"a": ("K", k) if a_major == "k_major" else ("M", m), "b": ("K", k) if b_major == "k_major" else ("N", n),
            "d": ("N", n), "c": ("N", n)}
    for name, t in tensors.items():
        dim, length = rows[name]
        if length * t.element_size() % 16:
            raise ValueError(f"{dim} = {length} must be a multiple of {16 // t.element_size()} for bf16_gemm_{layout}: "
                             f"{name}'s rows are {dim} long, {length * t.element_size()} bytes, and TMA needs a "
                             f"multiple of 16")
    return Plan(layout, m, n, k, a.device.index or 0, OUT_DTYPES[_dtype(d)], c is not None)


def bf16_spec(layout, n, k, out_dtype, with_c):
    """The spec bf16_gemm_<layout> compiles for (n, k), dynamic M, with the
    config heuristic's choice."""
    from .compiler import Operand, spec_text
    a_major, b_major = LAYOUTS[layout]
    return spec_text(shape=(None, n, k), name=f"bf16_gemm_{layout}_n{n}_k{k}_{out_dtype}{'_c' if with_c else ''}",
                     a=Operand("bf16", a_major), b=Operand("bf16", b_major), d=out_dtype,
                     c=out_dtype if with_c else None)


def matches_bf16(meta, layout, n, k, out_dtype, with_c):
    """Whether precompiled metadata is an ungrouped dynamic-M kernel for
    (n, k) with bf16 a and b in `layout`, d (and, when `with_c`, c) of
    `out_dtype`, and no scales."""
    if meta.get("shape") != [-1, n, k] or ("c" in meta) != with_c or meta.get("grouping"):
        return False
    a_major, b_major = LAYOUTS[layout]
    out = {"dtype": out_dtype, "major": "n_major", "scale": "none"}
    want = {"a": {"dtype": "bf16", "major": a_major, "scale": "none"},
            "b": {"dtype": "bf16", "major": b_major, "scale": "none"}, "d": out, "c": out if with_c else {}}
    return all(meta.get(operand, {}).get(key) == value for operand, fields in want.items()
               for key, value in fields.items())


def kernel_for(device, layout, n, k, out_dtype, with_c):
    """The kernel for (device, layout, n, k, out_dtype, with or without c):
    compiled and cached, or precompiled from $HOPGEMM_KERNEL_DIR."""
    return load_kernel(("bf16", device, layout, n, k, out_dtype, with_c), device,
                       lambda: bf16_spec(layout, n, k, out_dtype, with_c),
                       lambda meta: matches_bf16(meta, layout, n, k, out_dtype, with_c),
                       f"bf16_gemm_{layout} kernel for N={n}, K={k}, {out_dtype} d{' with c' if with_c else ''}")


def launch(kernel, plan, a, b, d, c, stream):
    """Launches `kernel` on tensors checked by check_args (c None or a
    tensor, possibly d); returns the C API's argument struct."""
    def arg(t):
        return None if t is None else TensorArg(t.data_ptr(), rows=t.shape[0], cols=t.shape[1], bytes=_bytes(t))
    args = kernel.arguments(plan.m, plan.n, plan.k, a=arg(a), b=arg(b), d=arg(d), c=arg(c))
    kernel.launch_arguments(args, stream)
    return args


def _gemm(layout, a, b, d, c):
    what = f"bf16_gemm_{layout}"
    torch = _import_torch(what)
    key = launch_key(what, (a, b, d, c))
    if relaunch(key, torch, d):
        return d
    plan = check_args(layout, a, b, d, c)
    if plan.m == 0 or plan.n == 0:
        return d
    with torch.cuda.device(d.device):
        if plan.k == 0:
            # An empty sum: nothing to launch.
            return d.zero_() if c is None else d.copy_(c)
        kernel = kernel_for(plan.device, layout, plan.n, plan.k, plan.out_dtype, plan.with_c)
        args = launch(kernel, plan, a, b, d, c, torch.cuda.current_stream().cuda_stream)
    remember_launch(key, kernel, args)
    return d


def bf16_gemm_nt(a, b, d, c=None):
    """d = c + a @ b^T, like deep_gemm.bf16_gemm_nt: a (M, K), b (N, K), K a
    multiple of 8. The rules common to the four layouts are in the module's
    docstring. Returns d."""
    return _gemm("nt", a, b, d, c)


def bf16_gemm_nn(a, b, d, c=None):
    """d = c + a @ b, like deep_gemm.bf16_gemm_nn: a (M, K), b (K, N), K and
    N multiples of 8. Returns d."""
    return _gemm("nn", a, b, d, c)


def bf16_gemm_tn(a, b, d, c=None):
    """d = c + a^T @ b, like deep_gemm.bf16_gemm_tn: a (K, M), b (K, N), M
    and N multiples of 8. Returns d."""
    return _gemm("tn", a, b, d, c)


def bf16_gemm_tt(a, b, d, c=None):
    """d = c + a^T @ b^T, like deep_gemm.bf16_gemm_tt: a (K, M), b (N, K), M
    and K multiples of 8. Returns d."""
    return _gemm("tt", a, b, d, c)
