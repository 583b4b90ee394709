"""fp8_gemm_nt on torch tensors, with DeepGEMM's argument conventions.

torch is imported only when fp8_gemm_nt is called. The argument checks read
only tensor attributes (shape, stride(), dtype, device, data_ptr()), so they
are tested without torch.
"""

import glob
import json
import os
import threading
from dataclasses import dataclass

from . import _capi
from .runtime import Device, Kernel, TensorArg

BLOCK = 128

# The DeepSeek-V3 recipe; the metadata form is what a precompiled kernel's
# JSON must say to be picked.
RECIPE = {
    "a": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block", "scale_block": [1, 128], "scale_dtype": "f32"},
    "b": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block", "scale_block": [128, 128],
          "scale_dtype": "f32"},
    "d": {"dtype": "bf16", "major": "n_major", "scale": "none"},
}

# The scale dtypes fp8_gemm_nt takes, by torch name: the spec's scale type
# and the row alignment of M-major scales in elements (16 bytes, for TMA).
# UE8M0 scales (one byte e, worth 2^(e - 127)) are block scales like the
# f32 ones.
SCALE_DTYPES = {"float32": ("f32", 4), "float8_e8m0fnu": ("f8E8M0FNU", 16)}
F32_SCALES = ("f32", "f32")


def _ceil_div(a, b):
    return (a + b - 1) // b


def _align(a, b):
    return _ceil_div(a, b) * b


def _dtype(t):
    return str(t.dtype).replace("torch.", "")


@dataclass
class Plan:
    """What fp8_gemm_nt decided about its arguments."""

    m: int
    n: int
    k: int
    device: int
    # sa as given is usable (M-major with an aligned row stride); else it is
    # transposed into that layout first.
    sa_direct: bool
    sa_ld: int
    # The spec's scale types of sa and sb ("f32" or "f8E8M0FNU").
    scale_dtypes: tuple = F32_SCALES


def check_args(a, sa, b, sb, d):
    """Validates fp8_gemm_nt's tensors; raises TypeError or ValueError."""
    tensors = {"a": a, "sa": sa, "b": b, "sb": sb, "d": d}
    for name, t in tensors.items():
        if not all(hasattr(t, attr) for attr in ("shape", "stride", "dtype", "device", "data_ptr")):
            raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
    for name, want in (("a", "float8_e4m3fn"), ("b", "float8_e4m3fn"), ("d", "bfloat16")):
        if _dtype(tensors[name]) != want:
            raise TypeError(f"{name} must be torch.{want}, got {tensors[name].dtype}")
    for name in ("sa", "sb"):
        if _dtype(tensors[name]) not in SCALE_DTYPES:
            raise TypeError(f"{name} must be torch.float32 or torch.float8_e8m0fnu, got {tensors[name].dtype}")
    scale_dtypes = tuple(SCALE_DTYPES[_dtype(t)][0] for t in (sa, sb))
    for name, t in tensors.items():
        if len(t.shape) != 2:
            raise ValueError(f"{name} must be 2-D, got shape {tuple(t.shape)}")
        if t.device.type != "cuda":
            raise ValueError(f"{name} must be on a CUDA device, got {t.device}")
        if t.device != a.device:
            raise ValueError(f"{name} is on {t.device} but a is on {a.device}")
    m, k = a.shape
    n = b.shape[0]
    kb = _ceil_div(k, BLOCK)
    expected = {"b": (n, k), "d": (m, n), "sa": (m, kb), "sb": (_ceil_div(n, BLOCK), kb)}
    for name, shape in expected.items():
        if tuple(tensors[name].shape) != shape:
            raise ValueError(f"{name} has shape {tuple(tensors[name].shape)}, expected {shape} "
                             f"for a of shape {(m, k)} and b of shape {tuple(b.shape)}")
    for name in ("a", "b", "sb", "d"):
        if not tensors[name].is_contiguous():
            raise ValueError(f"{name} must be contiguous (row-major), got strides {tuple(tensors[name].stride())}")
    sa_direct, sa_ld = sa_layout(sa.stride(), sa.is_contiguous(), m, kb, align=SCALE_DTYPES[_dtype(sa)][1])
    return Plan(m, n, k, a.device.index or 0, sa_direct, sa_ld, scale_dtypes)


def sa_layout(strides, contiguous, m, kb, name="sa", major="M", align=4):
    """(direct, ld) for the (m, kb) scales with `strides`. The kernel reads
    sa M-major: sa[m, kb] at kb * ld + m, with ld a multiple of `align` (4
    f32 or 16 UE8M0 scales: 16 bytes, for TMA). DeepGEMM's "TMA-aligned"
    scales are that layout (used directly, ld 0 when kb is 1); K-major
    scales are transposed into it with ld align(m, align). `name` and
    `major` word the error ("sb", "N")."""
    s0, s1 = strides
    if s0 == 1 and (kb == 1 or (s1 >= m and s1 % align == 0)):
        return True, (s1 if kb > 1 else 0)
    if contiguous:
        return False, _align(m, align)
    raise ValueError(f"{name} with strides {(s0, s1)} is neither K-major contiguous nor {major}-major "
                     f"with a row stride that is a multiple of {align}")


def _bytes(t):
    """Bytes from t's first element to the end of its storage; 0 if unknown."""
    try:
        return t.untyped_storage().nbytes() - t.storage_offset() * t.element_size()
    except (AttributeError, RuntimeError):
        return 0


def mn_major_scales(torch, s, ld):
    """K-major scales s, (..., R, kb), in the M- (N-) major layout the
    kernels read: (..., kb, ld), s's R rows in the first R columns.
    Allocated on the current stream, so its memory is not reused before a
    kernel launched next on that stream has read it. UE8M0 bytes are copied
    as bytes: not every torch build copies float8_e8m0fnu tensors."""
    rows, kb = s.shape[-2], s.shape[-1]
    out = torch.empty((*s.shape[:-2], kb, ld), dtype=s.dtype, device=s.device)
    dst, src = out[..., :rows], s.transpose(-1, -2)
    if s.dtype != torch.float32:
        dst, src = dst.view(torch.uint8), src.view(torch.uint8)
    dst.copy_(src)
    return out


def launch(kernel, plan, a, sa, b, sb, d, stream):
    """Launches `kernel` on tensors checked by check_args; sa must already be
    M-major with row stride plan.sa_ld. Returns the C API's argument struct
    (see Kernel.launch_arguments)."""
    m, n, k, kb = plan.m, plan.n, plan.k, _ceil_div(plan.k, BLOCK)
    args = kernel.arguments(
        m, n, k,
        a=TensorArg(a.data_ptr(), rows=m, cols=k, bytes=_bytes(a)),
        sa=TensorArg(sa.data_ptr(), ld=plan.sa_ld, rows=kb, cols=m, bytes=_bytes(sa)),
        b=TensorArg(b.data_ptr(), rows=n, cols=k, bytes=_bytes(b)),
        sb=TensorArg(sb.data_ptr(), rows=_ceil_div(n, BLOCK), cols=kb, bytes=_bytes(sb)),
        d=TensorArg(d.data_ptr(), rows=m, cols=n, bytes=_bytes(d)))
    kernel.launch_arguments(args, stream)
    return args


# The launches of recent calls (fp8_gemm_nt and the grouped functions) by
# what their tensors are
# (address, shape, strides, dtype, device): a call on the same tensors, as
# with the static buffers of a serving loop or a benchmark, skips the
# Python checks and the argument marshalling (the library still checks the
# launch). A tensor at the same address with the same shape and strides is
# the same view of memory, so the earlier checks hold for it. Bounded.
_recent_launches = {}
_RECENT_LAUNCHES_MAX = 64


def _signature(tensors):
    return tuple(None if t is None else (t.data_ptr(), tuple(t.shape), t.stride(), t.dtype, t.device)
                 for t in tensors)


def launch_key(what, tensors, *extra):
    """The _recent_launches key of a call of `what` on `tensors` (None
    allowed) and `extra` hashable arguments; None when the arguments are not
    tensors (the checks then say what is wrong)."""
    try:
        key = (what, _signature(tensors)) + extra
        hash(key)
        return key
    except (AttributeError, TypeError):
        return None


def relaunch(key, torch, d):
    """Launches the recent call with `key` again, on torch's current stream
    of the output `d`'s device; False when there is none. The stream is
    looked up only for a remembered call (whose tensors were on a GPU), so
    that a `d` that is no CUDA tensor reaches the checks and their
    messages."""
    recent = _recent_launches.get(key) if key is not None else None
    if recent is None:
        return False
    kernel, args = recent[0], recent[1]
    kernel.launch_arguments(args, torch.cuda.current_stream(d.device).cuda_stream)
    return True


def remember_launch(key, kernel, args, *keep_alive):
    """Keeps (kernel, args) for relaunch(key), with the tensors the launch
    arguments point to that the caller does not own (`keep_alive`)."""
    if key is None:
        return
    if len(_recent_launches) >= _RECENT_LAUNCHES_MAX:
        _recent_launches.clear()
    _recent_launches[key] = (kernel, args) + keep_alive


# fp8_gemm_nt's kernels for decode-sized M: the config heuristic's choice
# depends on M only through these bounds (at most 16 rows: a swap_ab tile
# of 16 columns; at most 64: one row of 64-row tiles; up to 128: its own
# candidates), so a kernel tuned for each (spec expected_m) serves every M
# under it, and the general dynamic-M kernel the rest.
DECODE_M_BOUNDS = (16, 64, 128)


def expected_m_for(m):
    """The expected_m of the kernel fp8_gemm_nt runs at M = m, or None."""
    return next((bound for bound in DECODE_M_BOUNDS if m <= bound), None)


def recipe_spec(n, k, grouping=None, scale_dtypes=F32_SCALES, tile_m=None, expected_m=None, tile_n=None):
    """The spec of the kernel fp8_gemm_nt (or, with `grouping`, an
    m_grouped_fp8_gemm_nt_* function) compiles for (n, k) and the scale
    types (sa's, sb's) `scale_dtypes`; with `tile_m` and/or `tile_n`, that
    tile (tile M 128, tile N 128 or N rounded up to 8 below that where not
    given), else the heuristic's tile, tuned for `expected_m` rows if
    given."""
    from .compiler import Operand, spec_text
    name = f"fp8_gemm_nt_n{n}_k{k}" if grouping is None else f"{grouping}_fp8_gemm_nt_n{n}_k{k}"
    for operand, dtype in zip(("sa", "sb"), scale_dtypes):
        if dtype != "f32":
            name += f"_{operand}_ue8m0"
    config = None
    if tile_m is not None:
        name += f"_tm{tile_m}"
    if tile_n is not None:
        name += f"_tn{tile_n}"
    if tile_m is not None or tile_n is not None:
        config = {"tile": (tile_m or 128, tile_n or min(128, _align(n, 8)), BLOCK)}
    if expected_m is not None:
        name += f"_em{expected_m}"
    return spec_text(shape=(None, n, k), name=name,
                     a=Operand("f8E4M3FN", scale=(1, 128), scale_dtype=scale_dtypes[0]),
                     b=Operand("f8E4M3FN", scale=(128, 128), scale_dtype=scale_dtypes[1]), d="bf16",
                     config=config, grouping=grouping, expected_m=expected_m)


def matches_recipe(meta, n, k, grouping=None, scale_dtypes=F32_SCALES, tile_m=None, expected_m=None, tile_n=None):
    """Whether precompiled metadata is a dynamic-M kernel for (n, k) with the
    DeepSeek recipe, the scale types `scale_dtypes` and `grouping` (None:
    ungrouped), with `tile_m` that tile M, and tuned for `expected_m` (None:
    the general kernel)."""
    if meta.get("shape") != [-1, n, k] or "c" in meta or meta.get("expected_m") != expected_m:
        return False
    if tile_m is not None and (meta.get("tile") or [None])[0] != tile_m:
        return False
    if tile_n is not None and (meta.get("tile") or [None, None])[1] != tile_n:
        return False
    if (meta.get("grouping") or {}).get("kind") != grouping:
        return False
    recipe = dict(RECIPE, a=dict(RECIPE["a"], scale_dtype=scale_dtypes[0]),
                  b=dict(RECIPE["b"], scale_dtype=scale_dtypes[1]))
    for operand, want in recipe.items():
        got = meta.get(operand, {})
        if any(got.get(key) != value for key, value in want.items()):
            return False
    return True


def find_matching(directory, matches):
    """NAME.ptx (or .cubin) and NAME.json in `directory` whose metadata
    satisfies `matches`; the first by name, or None."""
    for meta_path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        try:
            with open(meta_path) as f:
                meta = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict) or not matches(meta):
            continue
        stem = os.path.splitext(meta_path)[0]
        for ext in (".cubin", ".ptx"):
            if os.path.exists(stem + ext):
                return stem + ext, meta_path
    return None


def find_precompiled(directory, n, k, grouping=None):
    """NAME.ptx (or .cubin) and NAME.json in `directory` for (n, k) and
    `grouping`; the first by name, or None."""
    return find_matching(directory, lambda meta: matches_recipe(meta, n, k, grouping))


_kernels = {}
_kernels_lock = threading.Lock()


def load_kernel(key, device, spec, matches, what):
    """The kernel cached under `key`: compiled from spec() when the library
    can compile (and cached, in memory and on disk), else the first
    precompiled kernel in $HOPGEMM_KERNEL_DIR whose metadata `matches`;
    `what` names it in the error when there is none."""
    with _kernels_lock:
        kernel = _kernels.get(key)
        if kernel is not None:
            return kernel
        dev = Device(device)
        if _capi.has_compiler():
            from .compiler import default_compiler
            # The config heuristic sizes the grid for this GPU.
            compiled = default_compiler(num_sms=dev.sm_count).compile(spec())
            kernel = Kernel.load(compiled.ptx, compiled.metadata_json, device=dev)
        else:
            directory = os.environ.get("HOPGEMM_KERNEL_DIR")
            found = find_matching(directory, matches) if directory else None
            if found is None:
                where = f"in HOPGEMM_KERNEL_DIR={directory}" if directory else "(HOPGEMM_KERNEL_DIR is not set)"
                raise _capi.NoCompilerError(
                    f"no precompiled {what} {where}, and {_capi.lib().path} cannot compile one; write one "
                    f"with gemm-opt SPEC --gemm-to-ptx -o DIR/NAME.ptx")
            kernel = Kernel.load(found[0], found[1], device=dev)
        _kernels[key] = kernel
        return kernel


def _recipe_key(device, n, k, grouping=None, scale_dtypes=F32_SCALES, tile_m=None, expected_m=None, tile_n=None):
    """Where kernel_for keeps the kernel for these arguments in _kernels."""
    return (device, n, k, grouping, scale_dtypes, tile_m, expected_m, tile_n)


def kernel_for(device, n, k, grouping=None, scale_dtypes=F32_SCALES, tile_m=None, expected_m=None, tile_n=None):
    """The kernel for (device, n, k, grouping, scale_dtypes, tile_m,
    expected_m, tile_n): compiled when the library can compile (and cached, in
    memory and on disk), else precompiled from $HOPGEMM_KERNEL_DIR."""
    what = "fp8_gemm_nt" if grouping is None else f"{grouping} fp8_gemm_nt"
    if scale_dtypes != F32_SCALES:
        what += f" (scales {scale_dtypes[0]}, {scale_dtypes[1]})"
    if tile_m is not None:
        what += f" with tile M {tile_m}"
    if tile_n is not None:
        what += f" with tile N {tile_n}"
    if expected_m is not None:
        what += f" tuned for M <= {expected_m}"
    return load_kernel(_recipe_key(device, n, k, grouping, scale_dtypes, tile_m, expected_m, tile_n), device,
                       lambda: recipe_spec(n, k, grouping, scale_dtypes, tile_m, expected_m, tile_n),
                       lambda meta: matches_recipe(meta, n, k, grouping, scale_dtypes, tile_m, expected_m, tile_n),
                       f"{what} kernel for N={n}, K={k}")


def large_m_tile(n, m, num_sms):
    """(tile M, tile N) the config heuristic picks for fp8_gemm_nt at M = m
    (above the decode bounds), each None where it is the general dynamic-M
    kernel's (128, and 128 capped at N rounded up to 8): e.g. (None, 192)
    at M = 4096, N = 2112 and (256, None) at M = 4096, N = 7168, whose tiles
    then fill the SMs in fewer rounds, or (None, 64) at M = 256, N = 4096,
    where 128 x 128 tiles would leave half the SMs idle. The rule is the
    compiler's, exported by either library (hopgemm_fp8_tile_m/_n), so
    precompiled kernels are picked by it too; the compiler caps tile N at N
    the same way."""
    max_n = _align(n, 8)
    tile_m = _capi.lib().hopgemm_fp8_tile_m(m, n, num_sms)
    tile_n = min(_capi.lib().hopgemm_fp8_tile_n(m, n, num_sms), max_n)
    return (tile_m if tile_m != 128 else None, tile_n if tile_n != min(128, max_n) else None)


def kernel_preferences(n, m, num_sms):
    """fp8_gemm_nt's kernels for M = m, best first, as (expected_m, tile_m,
    tile_n) of kernel_for: the one tuned for m's decode bound, then those of
    the larger bounds; above the bounds, the heuristic's tile for m where it
    is not the general kernel's; last the general kernel. With the compiler
    the first is compiled; precompiled sets may lack some."""
    expected_m = expected_m_for(m)
    if expected_m is not None:
        preferences = [(bound, None, None) for bound in DECODE_M_BOUNDS if bound >= expected_m]
    else:
        tile = large_m_tile(n, m, num_sms)
        preferences = [(None, *tile)] if tile != (None, None) else []
    return preferences + [(None, None, None)]


def fp8_kernel_for(device, n, k, scale_dtypes, m):
    """fp8_gemm_nt's kernel at M = m: the first of kernel_preferences that
    can be compiled or is precompiled (remembered under the first one's
    key, so looked up once)."""
    preferences = kernel_preferences(n, m, Device(device).sm_count)
    for i, (expected_m, tile_m, tile_n) in enumerate(preferences):
        try:
            kernel = kernel_for(device, n, k, scale_dtypes=scale_dtypes, tile_m=tile_m, expected_m=expected_m,
                                tile_n=tile_n)
        except _capi.NoCompilerError:
            if i + 1 == len(preferences):
                raise
            continue
        if i > 0:
            first_expected_m, first_tile_m, first_tile_n = preferences[0]
            with _kernels_lock:
                _kernels[_recipe_key(device, n, k, scale_dtypes=scale_dtypes, tile_m=first_tile_m,
                                     expected_m=first_expected_m, tile_n=first_tile_n)] = kernel
        return kernel


def _import_torch(what="fp8_gemm_nt"):
    try:
        import torch
    except ImportError as e:
        raise ImportError(f"hopgemm.{what} needs torch") from e
    return torch


def _pair(value, name):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair ({name}, s{name}) of tensors, got {type(value).__name__}")
    return value


def fp8_gemm_nt(a_pair, b_pair, d):
    """d = (a * sa) @ (b * sb)^T in bf16, like deep_gemm.fp8_gemm_nt.

    a: (M, K) float8_e4m3fn; sa: (M, ceil(K/128)) float32, K-major or
    M-major with a row stride that is a multiple of 4 (DeepGEMM's
    TMA-aligned layout, used as is; K-major is transposed first).
    b: (N, K) float8_e4m3fn; sb: (ceil(N/128), ceil(K/128)) float32.
    sa and sb may each be float8_e8m0fnu instead (UE8M0 power-of-two
    scales, one byte each; sa's M-major row stride then a multiple of 16);
    a kernel is compiled (or found) per (N, K, scale dtypes), and for M up
    to 64 and up to 128 one tuned for that M (expected_m: the decode
    heuristic's tile and split-K).
    d: (M, N) bfloat16, written. Runs on torch.cuda.current_stream().
    Returns d.
    """
    torch = _import_torch()
    a, sa = _pair(a_pair, "a")
    b, sb = _pair(b_pair, "b")
    key = launch_key("fp8_gemm_nt", (a, sa, b, sb, d))
    if relaunch(key, torch, d):
        return d
    plan = check_args(a, sa, b, sb, d)
    if plan.m == 0:
        return d
    with torch.cuda.device(d.device):
        if not plan.sa_direct:
            sa = mn_major_scales(torch, sa, plan.sa_ld)
        kernel = fp8_kernel_for(plan.device, plan.n, plan.k, plan.scale_dtypes, plan.m)
        args = launch(kernel, plan, a, sa, b, sb, d, torch.cuda.current_stream().cuda_stream)
    if plan.sa_direct:
        remember_launch(key, kernel, args)
    return d
