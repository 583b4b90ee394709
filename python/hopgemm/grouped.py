"""Grouped FP8 GEMMs (MoE) on torch tensors, with DeepGEMM's conventions:
M-grouped (the forward pass, m_contiguous and m_masked) and K-grouped (the
weight gradient, k_contiguous).

Like gemm.py, the argument checks read only tensor attributes, so they are
tested without torch; the layouts the kernel reads are in docs/runtime.md.
"""

from dataclasses import dataclass

from .gemm import (BLOCK, _align, _bytes, _ceil_div, _dtype, _import_torch, _pair, kernel_for, launch_key, load_kernel,
                   mn_major_scales, relaunch, remember_launch, sa_layout)
from .runtime import TensorArg

CONTIGUOUS, MASKED, K_CONTIGUOUS = "m_contiguous", "m_masked", "k_contiguous"
# The masked function's tile M for an expected_m up to it (one 64-row wgmma
# instead of two per tile).
SMALL_TILE_M = 64


@dataclass
class GroupedPlan:
    """What a grouped function decided about its arguments."""

    grouping: str
    # Contiguous: the rows of all groups; masked: max_m.
    m: int
    n: int
    k: int
    groups: int
    device: int
    # sa as given is M-major (per group when masked) with row stride sa_ld;
    # else it is transposed into that layout first.
    sa_direct: bool
    sa_ld: int


_DTYPES = (("a", "float8_e4m3fn"), ("b", "float8_e4m3fn"), ("sa", "float32"), ("sb", "float32"),
           ("d", "bfloat16"), ("index", "int32"))


def _check_common(tensors, ranks, index_name, dtypes=_DTYPES):
    """Tensors, their dtypes (the (name, dtype) pairs of `dtypes` present in
    `tensors`), ranks and devices; `index_name` names the "index" tensor."""
    for name, t in tensors.items():
        if not all(hasattr(t, attr) for attr in ("shape", "stride", "dtype", "device", "data_ptr")):
            raise TypeError(f"{name if name != 'index' else index_name} must be a torch.Tensor, "
                            f"got {type(t).__name__}")
    for name, want in dtypes:
        if name in tensors and _dtype(tensors[name]) != want:
            shown = index_name if name == "index" else name
            raise TypeError(f"{shown} must be torch.{want}, got {tensors[name].dtype}")
    a = tensors["a"]
    for name, t in tensors.items():
        shown = index_name if name == "index" else name
        if len(t.shape) != ranks[name]:
            raise ValueError(f"{shown} must be {ranks[name]}-D, got shape {tuple(t.shape)}")
        if t.device.type != "cuda":
            raise ValueError(f"{shown} must be on a CUDA device, got {t.device}")
        if t.device != a.device:
            raise ValueError(f"{shown} is on {t.device} but a is on {a.device}")


def _check_shapes(tensors, expected, index_name, what):
    for name, shape in expected.items():
        if tuple(tensors[name].shape) != shape:
            shown = index_name if name == "index" else name
            raise ValueError(f"{shown} has shape {tuple(tensors[name].shape)}, expected {shape} for {what}")
    for name in ("a", "b", "sb", "d", "index"):
        if not tensors[name].is_contiguous():
            shown = index_name if name == "index" else name
            raise ValueError(f"{shown} must be contiguous, got strides {tuple(tensors[name].stride())}")


def check_contiguous_args(a, sa, b, sb, d, m_indices):
    """Validates m_grouped_fp8_gemm_nt_contiguous's tensors; raises TypeError
    or ValueError."""
    tensors = {"a": a, "sa": sa, "b": b, "sb": sb, "d": d, "index": m_indices}
    ranks = {"a": 2, "sa": 2, "b": 3, "sb": 3, "d": 2, "index": 1}
    _check_common(tensors, ranks, "m_indices")
    m, k = a.shape
    g, n = b.shape[0], b.shape[1]
    kb = _ceil_div(k, BLOCK)
    expected = {"b": (g, n, k), "sa": (m, kb), "sb": (g, _ceil_div(n, BLOCK), kb), "d": (m, n), "index": (m,)}
    _check_shapes(tensors, expected, "m_indices", f"a of shape {(m, k)} and b of shape {tuple(b.shape)}")
    if g < 1:
        raise ValueError("b must hold at least one group")
    direct, ld = sa_layout(sa.stride(), sa.is_contiguous(), m, kb)
    return GroupedPlan(CONTIGUOUS, m, n, k, g, a.device.index or 0, direct, ld)


def check_masked_args(a, sa, b, sb, d, masked_m):
    """Validates m_grouped_fp8_gemm_nt_masked's tensors; raises TypeError or
    ValueError."""
    tensors = {"a": a, "sa": sa, "b": b, "sb": sb, "d": d, "index": masked_m}
    ranks = {"a": 3, "sa": 3, "b": 3, "sb": 3, "d": 3, "index": 1}
    _check_common(tensors, ranks, "masked_m")
    g, max_m, k = a.shape
    n = b.shape[1]
    kb = _ceil_div(k, BLOCK)
    expected = {"b": (g, n, k), "sa": (g, max_m, kb), "sb": (g, _ceil_div(n, BLOCK), kb), "d": (g, max_m, n),
                "index": (g,)}
    _check_shapes(tensors, expected, "masked_m", f"a of shape {(g, max_m, k)} and b of shape {tuple(b.shape)}")
    if g < 1:
        raise ValueError("a and b must hold at least one group")
    # M-major per group: sa[g, m, kb] at g * kb * ld + kb * ld + m, the
    # kernel's stacked blocks; anything else K-major contiguous, transposed.
    s0, s1, s2 = sa.stride()
    if s1 == 1 and kb > 1 and s2 >= max_m and s2 % 4 == 0 and s0 == kb * s2:
        direct, ld = True, s2
    elif s1 == 1 and kb == 1 and s0 >= max_m and s0 % 4 == 0:
        direct, ld = True, s0
    elif sa.is_contiguous():
        direct, ld = False, _align(max_m, 4)
    else:
        raise ValueError(f"sa with strides {(s0, s1, s2)} is neither K-major contiguous nor M-major per "
                         f"group with a row stride that is a multiple of 4")
    return GroupedPlan(MASKED, max_m, n, k, g, a.device.index or 0, direct, ld)


def check_alignment(metadata, plan):
    """M (contiguous) or max_m (masked) must be a multiple of the compiled
    kernel's m_alignment; raises ValueError."""
    alignment = (metadata.get("grouping") or {}).get("m_alignment")
    if not isinstance(alignment, int) or alignment <= 0:
        raise ValueError(f"the kernel {metadata.get('name')!r} is not an M-grouped kernel")
    if plan.m % alignment:
        what = "M" if plan.grouping == CONTIGUOUS else "max_m"
        raise ValueError(f"{what} {plan.m} must be a multiple of the kernel's tile M {alignment}: each "
                         f"group's rows are padded to it")


def _launch(kernel, plan, a, sa, b, sb, d, index, stream):
    m, n, k, g, kb = plan.m, plan.n, plan.k, plan.groups, _ceil_div(plan.k, BLOCK)
    rows = m if plan.grouping == CONTIGUOUS else g * m
    sa_rows = kb if plan.grouping == CONTIGUOUS else g * kb
    index_name = "m_indices" if plan.grouping == CONTIGUOUS else "masked_m"
    index_arg = TensorArg(index.data_ptr(), rows=1, cols=index.shape[0], bytes=_bytes(index))
    args = kernel.arguments(
        m, n, k,
        a=TensorArg(a.data_ptr(), rows=rows, cols=k, bytes=_bytes(a)),
        sa=TensorArg(sa.data_ptr(), ld=plan.sa_ld, rows=sa_rows, cols=m, bytes=_bytes(sa)),
        b=TensorArg(b.data_ptr(), rows=g * n, cols=k, bytes=_bytes(b)),
        sb=TensorArg(sb.data_ptr(), rows=g * _ceil_div(n, BLOCK), cols=kb, bytes=_bytes(sb)),
        d=TensorArg(d.data_ptr(), rows=rows, cols=n, bytes=_bytes(d)),
        groups=g, **{index_name: index_arg})
    kernel.launch_arguments(args, stream)
    return args


def _run(torch, plan, a, sa, b, sb, d, index, key, tile_m=None):
    with torch.cuda.device(d.device):
        kernel = kernel_for(plan.device, plan.n, plan.k, plan.grouping, tile_m=tile_m)
        check_alignment(kernel.metadata, plan)
        if not plan.sa_direct:
            # Masked: per group, (G, kb, ld).
            sa = mn_major_scales(torch, sa, plan.sa_ld)
        args = _launch(kernel, plan, a, sa, b, sb, d, index, torch.cuda.current_stream().cuda_stream)
    if plan.sa_direct:
        remember_launch(key, kernel, args)
    return d


def m_grouped_fp8_gemm_nt_contiguous(a_pair, b_pair, d, m_indices):
    """d[r] = (a[r] * sa[r]) @ (b[g] * sb[g])^T for g = m_indices[r], like
    deep_gemm.m_grouped_fp8_gemm_nt_contiguous.

    a: (M, K) float8_e4m3fn, the rows of all groups, each group's rows padded
    to the kernel's tile M (M must be a multiple of it); sa: (M, ceil(K/128))
    float32, K-major or M-major with a row stride that is a multiple of 4.
    b: (G, N, K) float8_e4m3fn; sb: (G, ceil(N/128), ceil(K/128)) float32.
    d: (M, N) bfloat16. m_indices: (M,) int32, the group of each row, -1 for
    padding; the kernel takes each block of tile-M rows' group from its first
    row: blocks of padding are not written, padding rows in a group's last
    block may be. Its values are not checked. Runs on
    torch.cuda.current_stream(). Returns d.
    """
    torch = _import_torch("m_grouped_fp8_gemm_nt_contiguous")
    a, sa = _pair(a_pair, "a")
    b, sb = _pair(b_pair, "b")
    key = launch_key(CONTIGUOUS, (a, sa, b, sb, d, m_indices))
    if relaunch(key, torch, d):
        return d
    plan = check_contiguous_args(a, sa, b, sb, d, m_indices)
    if plan.m == 0:
        return d
    return _run(torch, plan, a, sa, b, sb, d, m_indices, key)


def m_grouped_fp8_gemm_nt_masked(a_pair, b_pair, d, masked_m, expected_m):
    """d[g, :masked_m[g]] = (a[g] * sa[g]) @ (b[g] * sb[g])^T for every group,
    like deep_gemm.m_grouped_fp8_gemm_nt_masked.

    a: (G, max_m, K) float8_e4m3fn, max_m a multiple of the kernel's tile M;
    sa: (G, max_m, ceil(K/128)) float32, K-major (transposed per group) or
    M-major per group (strides (ceil(K/128) * ld, 1, ld), ld a multiple of 4).
    b: (G, N, K) float8_e4m3fn; sb: (G, ceil(N/128), ceil(K/128)) float32.
    d: (G, max_m, N) bfloat16: rows from masked_m[g] rounded up to the tile M
    are not written, rows between masked_m[g] and that are unspecified.
    masked_m: (G,) int32 in [0, max_m], not checked. expected_m: DeepGEMM's
    hint of the typical masked_m, which picks the kernel: 64-row tiles when
    it is at most 64 (decode-sized groups; max_m must then be a multiple
    of 64), the heuristic's 128-row tiles otherwise. Runs on
    torch.cuda.current_stream(). Returns d.
    """
    if not isinstance(expected_m, int) or isinstance(expected_m, bool) or expected_m < 0:
        raise TypeError(f"expected_m must be a non-negative int, got {expected_m!r}")
    torch = _import_torch("m_grouped_fp8_gemm_nt_masked")
    a, sa = _pair(a_pair, "a")
    b, sb = _pair(b_pair, "b")
    tile_m = SMALL_TILE_M if expected_m <= SMALL_TILE_M else None
    key = launch_key(MASKED, (a, sa, b, sb, d, masked_m), tile_m)
    if relaunch(key, torch, d):
        return d
    plan = check_masked_args(a, sa, b, sb, d, masked_m)
    if plan.m == 0:
        return d
    return _run(torch, plan, a, sa, b, sb, d, masked_m, key, tile_m)


# K-grouped GEMMs (k_contiguous): G GEMMs that share M and N and split K.


@dataclass
class KGroupedPlan:
    """What k_grouped_fp8_gemm_nt_contiguous decided about its arguments."""

    m: int
    n: int
    # The sum of the groups' K.
    k: int
    groups: int
    ks: tuple
    device: int
    with_c: bool
    # sa and sb as given are M- (N-) major with row strides sa_ld (sb_ld);
    # else they are transposed into that layout first.
    sa_direct: bool
    sa_ld: int
    sb_direct: bool
    sb_ld: int


def _check_ks(ks, groups, k):
    if isinstance(ks, (str, bytes)) or not isinstance(ks, (list, tuple)):
        raise TypeError(f"ks must be a list of ints, got {type(ks).__name__}")
    for g, size in enumerate(ks):
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"ks[{g}] must be an int, got {type(size).__name__}")
        if size < 0 or size % BLOCK:
            raise ValueError(f"ks[{g}] = {size} is not a non-negative multiple of {BLOCK}")
    if len(ks) != groups:
        raise ValueError(f"ks has {len(ks)} entries but d holds {groups} groups")
    if sum(ks) != k:
        raise ValueError(f"ks sum to {sum(ks)} but a and b have K {k}")


def check_k_grouped_args(a, sa, b, sb, d, ks, ks_tensor=None, c=None):
    """Validates k_grouped_fp8_gemm_nt_contiguous's arguments; raises
    TypeError or ValueError."""
    tensors = {"a": a, "sa": sa, "b": b, "sb": sb, "d": d}
    if ks_tensor is not None:
        tensors["ks_tensor"] = ks_tensor
    if c is not None:
        tensors["c"] = c
    _check_common(tensors, {"a": 2, "sa": 2, "b": 2, "sb": 2, "d": 3, "c": 3, "ks_tensor": 1}, "ks_tensor",
                  (("a", "float8_e4m3fn"), ("b", "float8_e4m3fn"), ("sa", "float32"), ("sb", "float32"),
                   ("d", "float32"), ("c", "float32"), ("ks_tensor", "int32")))
    m, k = a.shape
    n = b.shape[0]
    groups = d.shape[0]
    if k % BLOCK:
        raise ValueError(f"a's K {k} is not a multiple of {BLOCK} (the sum of the groups' K, each a multiple of it)")
    kb = k // BLOCK
    expected = {"b": (n, k), "sa": (m, kb), "sb": (n, kb), "d": (groups, m, n), "c": (groups, m, n),
                "ks_tensor": (groups,)}
    for name, shape in expected.items():
        if name in tensors and tuple(tensors[name].shape) != shape:
            raise ValueError(f"{name} has shape {tuple(tensors[name].shape)}, expected {shape} for a of shape "
                             f"{(m, k)}, b of shape {tuple(b.shape)} and {groups} groups")
    for name in ("a", "b", "d", "c", "ks_tensor"):
        if name in tensors and not tensors[name].is_contiguous():
            raise ValueError(f"{name} must be contiguous, got strides {tuple(tensors[name].stride())}")
    _check_ks(ks, groups, k)
    sa_direct, sa_ld = sa_layout(sa.stride(), sa.is_contiguous(), m, kb)
    sb_direct, sb_ld = sa_layout(sb.stride(), sb.is_contiguous(), n, kb, "sb", "N")
    return KGroupedPlan(m, n, k, groups, tuple(ks), a.device.index or 0, c is not None, sa_direct, sa_ld,
                        sb_direct, sb_ld)


# The recipe of k_grouped_fp8_gemm_nt_contiguous; the metadata form is what a
# precompiled kernel's JSON must say to be picked.
K_RECIPE = {
    "a": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block", "scale_block": [1, 128], "scale_dtype": "f32"},
    "b": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block", "scale_block": [1, 128], "scale_dtype": "f32"},
    "d": {"dtype": "f32", "major": "n_major", "scale": "none"},
}


def k_grouped_spec(m, n, with_c):
    """The spec k_grouped_fp8_gemm_nt_contiguous compiles for (m, n): K
    dynamic (the sum of the groups' K), f32 D, and f32 C when `with_c`."""
    from .compiler import Operand, spec_text
    return spec_text(shape=(m, n, None), name=f"k_grouped_fp8_gemm_nt_m{m}_n{n}{'_c' if with_c else ''}",
                     a=Operand("f8E4M3FN", scale=(1, 128)), b=Operand("f8E4M3FN", scale=(1, 128)), d="f32",
                     c="f32" if with_c else None, grouping=K_CONTIGUOUS)


def matches_k_grouped(meta, m, n, with_c):
    """Whether precompiled metadata is a k_contiguous kernel for (m, n) with
    the recipe, with C when `with_c`."""
    if meta.get("shape") != [m, n, -1] or ("c" in meta) != with_c:
        return False
    if (meta.get("grouping") or {}).get("kind") != K_CONTIGUOUS:
        return False
    operands = dict(K_RECIPE, c=K_RECIPE["d"]) if with_c else K_RECIPE
    for operand, want in operands.items():
        got = meta.get(operand, {})
        if any(got.get(key) != value for key, value in want.items()):
            return False
    return True


def k_grouped_kernel_for(device, m, n, with_c):
    """The k_contiguous kernel for (device, m, n, with or without C)."""
    return load_kernel((device, m, n, K_CONTIGUOUS, with_c), device, lambda: k_grouped_spec(m, n, with_c),
                       lambda meta: matches_k_grouped(meta, m, n, with_c),
                       f"k_contiguous fp8_gemm_nt kernel for M={m}, N={n}{' with C' if with_c else ''}")


def check_k_alignment(metadata, plan):
    """M must be a multiple of the compiled kernel's m_alignment and each
    group's K of its k_alignment; raises ValueError."""
    grouping = metadata.get("grouping") or {}
    if grouping.get("kind") != K_CONTIGUOUS:
        raise ValueError(f"the kernel {metadata.get('name')!r} is not a k_contiguous kernel")
    m_alignment, k_alignment = grouping.get("m_alignment"), grouping.get("k_alignment")
    if isinstance(m_alignment, int) and m_alignment > 0 and plan.m % m_alignment:
        raise ValueError(f"M {plan.m} must be a multiple of the kernel's tile M {m_alignment}: d stacks the "
                         f"groups' M rows")
    if isinstance(k_alignment, int) and k_alignment > 0:
        for g, size in enumerate(plan.ks):
            if size % k_alignment:
                raise ValueError(f"ks[{g}] = {size} is not a multiple of the kernel's k_alignment {k_alignment}")


def _launch_k_grouped(kernel, plan, a, sa, b, sb, d, ks_tensor, c, stream):
    m, n, k, g, kb = plan.m, plan.n, plan.k, plan.groups, plan.k // BLOCK
    args = kernel.arguments(
        m, n, k,
        a=TensorArg(a.data_ptr(), rows=m, cols=k, bytes=_bytes(a)),
        sa=TensorArg(sa.data_ptr(), ld=plan.sa_ld, rows=kb, cols=m, bytes=_bytes(sa)),
        b=TensorArg(b.data_ptr(), rows=n, cols=k, bytes=_bytes(b)),
        sb=TensorArg(sb.data_ptr(), ld=plan.sb_ld, rows=kb, cols=n, bytes=_bytes(sb)),
        d=TensorArg(d.data_ptr(), rows=g * m, cols=n, bytes=_bytes(d)),
        c=None if c is None else TensorArg(c.data_ptr(), rows=g * m, cols=n, bytes=_bytes(c)),
        ks=TensorArg(ks_tensor.data_ptr(), rows=1, cols=g, bytes=_bytes(ks_tensor)),
        groups=g)
    kernel.launch_arguments(args, stream)
    return args


def k_grouped_fp8_gemm_nt_contiguous(a_pair, b_pair, d, ks, ks_tensor=None, c=None):
    """d[g] = c[g] + (a[:, K_g] * sa) @ (b[:, K_g] * sb)^T for every group g,
    K_g = [sum(ks[:g]), sum(ks[:g + 1])), the weight gradient of an MoE layer,
    like deep_gemm.k_grouped_fp8_gemm_*_contiguous.

    a: (M, sum(ks)) float8_e4m3fn and sa: (M, sum(ks)/128) float32; b: (N,
    sum(ks)) float8_e4m3fn and sb: (N, sum(ks)/128) float32; the scales
    K-major or M- (N-) major with a row stride that is a multiple of 4, as
    for fp8_gemm_nt's sa. d: (G, M, N) float32, written; c: None (d = the
    product) or (G, M, N) float32, which may be d itself (accumulate in
    place). ks: a list of G ints, each group's K, a multiple of 128 (0 for an
    empty group, whose d[g] is c[g], or zero); ks_tensor: the same as a
    (G,) int32 CUDA tensor, built from ks when None (its values are not
    compared with ks). The kernel is compiled for (M, N) and any K. Runs on
    torch.cuda.current_stream(). Returns d.
    """
    torch = _import_torch("k_grouped_fp8_gemm_nt_contiguous")
    a, sa = _pair(a_pair, "a")
    b, sb = _pair(b_pair, "b")
    key = launch_key(K_CONTIGUOUS, (a, sa, b, sb, d, ks_tensor, c),
                     tuple(ks) if isinstance(ks, (list, tuple)) else None)
    if relaunch(key, torch, d):
        return d
    plan = check_k_grouped_args(a, sa, b, sb, d, ks, ks_tensor, c)
    if plan.m == 0 or plan.n == 0 or plan.groups == 0:
        return d
    with torch.cuda.device(d.device):
        if plan.k == 0:
            # Every group is empty: nothing to launch.
            if c is None:
                d.zero_()
            elif c.data_ptr() != d.data_ptr():
                d.copy_(c)
            return d
        kernel = k_grouped_kernel_for(plan.device, plan.m, plan.n, plan.with_c)
        check_k_alignment(kernel.metadata, plan)
        if not plan.sa_direct:
            sa = mn_major_scales(torch, sa, plan.sa_ld)
        if not plan.sb_direct:
            sb = mn_major_scales(torch, sb, plan.sb_ld)
        made_ks = ks_tensor is None
        if made_ks:
            ks_tensor = torch.tensor(plan.ks, dtype=torch.int32, device=d.device)
        args = _launch_k_grouped(kernel, plan, a, sa, b, sb, d, ks_tensor, c,
                                 torch.cuda.current_stream().cuda_stream)
    if plan.sa_direct and plan.sb_direct:
        # The ks tensor made here lives as long as the launch is remembered.
        remember_launch(key, kernel, args, *([ks_tensor] if made_ks else []))
    return d
