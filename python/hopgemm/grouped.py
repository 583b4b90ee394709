"""M-grouped FP8 GEMMs (MoE) on torch tensors, with DeepGEMM's conventions.

Like gemm.py, the argument checks read only tensor attributes, so they are
tested without torch; the layouts the kernel reads are in docs/runtime.md.
"""

from dataclasses import dataclass

from .gemm import BLOCK, _align, _bytes, _ceil_div, _dtype, _import_torch, _pair, kernel_for, sa_layout
from .runtime import TensorArg

CONTIGUOUS, MASKED = "m_contiguous", "m_masked"


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


def _check_common(tensors, ranks, index_name):
    for name, t in tensors.items():
        if not all(hasattr(t, attr) for attr in ("shape", "stride", "dtype", "device", "data_ptr")):
            raise TypeError(f"{name if name != 'index' else index_name} must be a torch.Tensor, "
                            f"got {type(t).__name__}")
    for name, want in _DTYPES:
        if _dtype(tensors[name]) != want:
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
    kernel.launch(
        m, n, k,
        a=TensorArg(a.data_ptr(), rows=rows, cols=k, bytes=_bytes(a)),
        sa=TensorArg(sa.data_ptr(), ld=plan.sa_ld, rows=sa_rows, cols=m, bytes=_bytes(sa)),
        b=TensorArg(b.data_ptr(), rows=g * n, cols=k, bytes=_bytes(b)),
        sb=TensorArg(sb.data_ptr(), rows=g * _ceil_div(n, BLOCK), cols=kb, bytes=_bytes(sb)),
        d=TensorArg(d.data_ptr(), rows=rows, cols=n, bytes=_bytes(d)),
        groups=g, stream=stream, **{index_name: index_arg})


def _run(torch, plan, a, sa, b, sb, d, index):
    with torch.cuda.device(d.device):
        kernel = kernel_for(plan.device, plan.n, plan.k, plan.grouping)
        check_alignment(kernel.metadata, plan)
        if not plan.sa_direct:
            kb = _ceil_div(plan.k, BLOCK)
            # Allocated on the current stream, so its memory is not reused
            # before the kernel has read it.
            if plan.grouping == CONTIGUOUS:
                padded = torch.empty((kb, plan.sa_ld), dtype=torch.float32, device=sa.device)
                padded[:, :plan.m].copy_(sa.t())
            else:
                padded = torch.empty((plan.groups, kb, plan.sa_ld), dtype=torch.float32, device=sa.device)
                padded[:, :, :plan.m].copy_(sa.transpose(1, 2))
            sa = padded
        _launch(kernel, plan, a, sa, b, sb, d, index, torch.cuda.current_stream().cuda_stream)
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
    plan = check_contiguous_args(a, sa, b, sb, d, m_indices)
    if plan.m == 0:
        return d
    return _run(torch, plan, a, sa, b, sb, d, m_indices)


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
    hint of the typical masked_m; accepted for compatibility and unused (the
    kernel is compiled for any M). Runs on torch.cuda.current_stream().
    Returns d.
    """
    if not isinstance(expected_m, int) or isinstance(expected_m, bool) or expected_m < 0:
        raise TypeError(f"expected_m must be a non-negative int, got {expected_m!r}")
    torch = _import_torch("m_grouped_fp8_gemm_nt_masked")
    a, sa = _pair(a_pair, "a")
    b, sb = _pair(b_pair, "b")
    plan = check_masked_args(a, sa, b, sb, d, masked_m)
    if plan.m == 0:
        return d
    return _run(torch, plan, a, sa, b, sb, d, masked_m)
