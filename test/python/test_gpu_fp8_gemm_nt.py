"""fp8_gemm_nt on a GPU against an fp32 reference; skipped, with the reason,
without torch or an sm_90 GPU."""

import pytest

torch = pytest.importorskip("torch", reason="fp8_gemm_nt's GPU tests need torch")
if not torch.cuda.is_available():
    pytest.skip("no CUDA GPU (torch.cuda.is_available() is False)", allow_module_level=True)
if torch.cuda.get_device_capability() != (9, 0):
    pytest.skip(f"needs an sm_90 GPU, found {torch.cuda.get_device_name()}", allow_module_level=True)

import hopgemm  # noqa: E402


def ceil_div(a, b):
    return (a + b - 1) // b


def make_inputs(m, n, k, seed):
    g = torch.Generator(device="cuda").manual_seed(seed)
    kb = ceil_div(k, 128)
    a = (torch.randn(m, k, device="cuda", generator=g) * 2).to(torch.float8_e4m3fn)
    b = (torch.randn(n, k, device="cuda", generator=g) * 2).to(torch.float8_e4m3fn)
    sa = torch.rand(m, kb, device="cuda", generator=g) + 0.5
    sb = torch.rand(ceil_div(n, 128), kb, device="cuda", generator=g) + 0.5
    return a, sa, b, sb


def reference(a, sa, b, sb):
    m, k = a.shape
    n = b.shape[0]
    a32 = a.float() * sa.repeat_interleave(128, dim=1)[:, :k]
    b32 = b.float() * sb.repeat_interleave(128, dim=0)[:n].repeat_interleave(128, dim=1)[:, :k]
    return a32 @ b32.t()


def tma_aligned(sa):
    """DeepGEMM's layout: M-major with a row stride of align_up(M, 4)."""
    m, kb = sa.shape
    out = torch.empty((kb, ceil_div(m, 4) * 4), device=sa.device, dtype=sa.dtype)[:, :m]
    out.copy_(sa.t())
    return out.t()


def rel_err(d, ref):
    return ((d.float() - ref).norm() / ref.norm()).item()


@pytest.mark.parametrize("n, k", [(7168, 2048), (576, 7168)])
@pytest.mark.parametrize("m", [1, 100, 129, 1000])
@pytest.mark.parametrize("layout", ["k_major", "tma_aligned"])
def test_matches_reference(m, n, k, layout):
    a, sa, b, sb = make_inputs(m, n, k, seed=m * 31 + n)
    if layout == "tma_aligned":
        sa = tma_aligned(sa)
        assert sa.stride() == (1, ceil_div(m, 4) * 4)
    d = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
    assert hopgemm.fp8_gemm_nt((a, sa), (b, sb), d) is d
    torch.cuda.synchronize()
    assert not d.isnan().any()
    assert rel_err(d, reference(a, sa, b, sb)) < 1e-2


def make_byte_scales(rows, cols, seed):
    """UE8M0 scales 2^-3 .. 2^3 as torch.float8_e8m0fnu, and their bytes."""
    g = torch.Generator(device="cuda").manual_seed(seed)
    e = torch.randint(124, 131, (rows, cols), device="cuda", generator=g, dtype=torch.uint8)
    return e.view(torch.float8_e8m0fnu), e


def decode(e):
    return torch.exp2(e.float() - 127)


@pytest.mark.parametrize("n, k", [(7168, 2048), (576, 7168)])
@pytest.mark.parametrize("m", [1, 129, 1000])
@pytest.mark.parametrize("scales, layout", [("both", "k_major"), ("both", "tma_aligned"), ("sa", "k_major"),
                                            ("sb", "tma_aligned")])
def test_byte_scales_match_reference(m, n, k, scales, layout):
    if not hasattr(torch, "float8_e8m0fnu"):
        pytest.skip(f"torch {torch.__version__} has no float8_e8m0fnu")
    a, sa, b, sb = make_inputs(m, n, k, seed=m * 37 + n)
    kb = ceil_div(k, 128)
    sa32, sb32 = sa, sb
    if scales in ("both", "sa"):
        sa, bits = make_byte_scales(m, kb, seed=m + 1)
        sa32 = decode(bits)
        if layout == "tma_aligned":
            # M-major with a row stride of align_up(M, 16) bytes.
            out = torch.empty((kb, ceil_div(m, 16) * 16), device="cuda", dtype=torch.uint8)[:, :m]
            out.copy_(bits.t())
            sa = out.t().view(torch.float8_e8m0fnu)
            assert sa.stride() == (1, ceil_div(m, 16) * 16)
    elif layout == "tma_aligned":
        sa = sa32 = tma_aligned(sa)
    if scales in ("both", "sb"):
        sb, bits = make_byte_scales(ceil_div(n, 128), kb, seed=n + 2)
        sb32 = decode(bits)
    d = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
    assert hopgemm.fp8_gemm_nt((a, sa), (b, sb), d) is d
    torch.cuda.synchronize()
    assert not d.isnan().any()
    assert rel_err(d, reference(a, sa32, b, sb32)) < 1e-2


def test_side_stream():
    # A non-blocking stream (torch's streams are): the descriptor upload and
    # the launch are ordered on it, after the inputs made on it.
    m, n, k = 512, 7168, 2048
    stream = torch.cuda.Stream()
    with torch.cuda.stream(stream):
        a, sa, b, sb = make_inputs(m, n, k, seed=7)
        d = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
        hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)
        # The same kernel again on the default stream: the previous stream is
        # synchronized before its descriptors are replaced.
        a2, sa2, b2, sb2 = make_inputs(m, n, k, seed=8)
    torch.cuda.current_stream().wait_stream(stream)
    d2 = torch.empty_like(d)
    hopgemm.fp8_gemm_nt((a2, sa2), (b2, sb2), d2)
    torch.cuda.synchronize()
    assert rel_err(d, reference(a, sa, b, sb)) < 1e-2
    assert rel_err(d2, reference(a2, sa2, b2, sb2)) < 1e-2


def test_empty_m_and_errors():
    a, sa, b, sb = make_inputs(0, 7168, 2048, seed=1)
    d = torch.empty((0, 7168), device="cuda", dtype=torch.bfloat16)
    assert hopgemm.fp8_gemm_nt((a, sa), (b, sb), d) is d
    a, sa, b, sb = make_inputs(64, 7168, 2048, seed=2)
    d = torch.empty((64, 7168), device="cuda", dtype=torch.bfloat16)
    with pytest.raises(TypeError, match="a must be torch.float8_e4m3fn"):
        hopgemm.fp8_gemm_nt((a.float(), sa), (b, sb), d)
    with pytest.raises(ValueError, match="must be on a CUDA device"):
        hopgemm.fp8_gemm_nt((a, sa), (b.cpu(), sb), d)
    # A d on the host reaches the checks too (not torch's stream lookup).
    with pytest.raises(ValueError, match="d must be on a CUDA device"):
        hopgemm.fp8_gemm_nt((a, sa), (b, sb), d.cpu())
    with pytest.raises(ValueError, match="d must be contiguous"):
        hopgemm.fp8_gemm_nt((a, sa), (b, sb), torch.empty((7168, 64), device="cuda", dtype=torch.bfloat16).t())


def test_repeated_call_on_the_same_tensors():
    """The second call takes the recent-launch path; new values in the same
    tensors and a new D at another address must both be honoured."""
    m, n, k = 129, 576, 7168
    a, sa, b, sb = make_inputs(m, n, k, seed=7)
    sa = tma_aligned(sa)
    d = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
    hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)
    a2, _, _, _ = make_inputs(m, n, k, seed=8)
    a.copy_(a2)
    d.fill_(float("nan"))
    hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)
    torch.cuda.synchronize()
    assert rel_err(d, reference(a, sa, b, sb)) < 1e-2
    other = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
    hopgemm.fp8_gemm_nt((a, sa), (b, sb), other)
    torch.cuda.synchronize()
    assert rel_err(other, reference(a, sa, b, sb)) < 1e-2


@pytest.mark.parametrize("m", [16, 64, 4096])
def test_cuda_graph(m):
    """fp8_gemm_nt captured into a CUDA graph after torch's warm-up on a side
    stream, then replayed on new contents of the same tensors: at M = 16 a
    split-K decode kernel (its workspace allocated by the warm-up), at 4096
    the 192-column tile."""
    n, k = 2112, 7168
    a, sa, b, sb = make_inputs(m, n, k, seed=m)
    sa = tma_aligned(sa)
    d = torch.empty((m, n), device="cuda", dtype=torch.bfloat16)
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)
    for seed in (1, 2):
        a2, sa2, b2, sb2 = make_inputs(m, n, k, seed=1000 * seed + m)
        a.copy_(a2)
        sa.copy_(sa2)
        b.copy_(b2)
        sb.copy_(sb2)
        d.fill_(float("nan"))
        graph.replay()
        torch.cuda.synchronize()
        assert not d.isnan().any()
        assert rel_err(d, reference(a, sa, b, sb)) < 1e-2
