"""bf16_gemm_nt / nn / tn / tt on a GPU against an fp32 reference; skipped,
with the reason, without torch or an sm_90 GPU. With libhopgemm_runtime.so
the kernels come from $HOPGEMM_KERNEL_DIR: scripts/gen-bf16-kernels.py
--out DIR writes every one these tests use."""

import pytest

torch = pytest.importorskip("torch", reason="the bf16 GEMMs' GPU tests need torch")
if not torch.cuda.is_available():
    pytest.skip("no CUDA GPU (torch.cuda.is_available() is False)", allow_module_level=True)
if torch.cuda.get_device_capability() != (9, 0):
    pytest.skip(f"needs an sm_90 GPU, found {torch.cuda.get_device_name()}", allow_module_level=True)

import hopgemm  # noqa: E402

LAYOUTS = ["nt", "nn", "tn", "tt"]
# Ragged N and K (not multiples of the tile) and a DeepSeek shape; every
# row 16 bytes. scripts/gen-bf16-kernels.py's TEST_NK.
NK = [(200, 1040), (4096, 7168)]
NAN = float("nan")


def gemm(layout):
    return getattr(hopgemm, f"bf16_gemm_{layout}")


def make_inputs(layout, m, n, k, seed):
    """a and b as `layout` stores them: a (M, K) or (K, M), b (N, K) or (K, N)."""
    g = torch.Generator(device="cuda").manual_seed(seed)
    a = torch.randn(m, k, device="cuda", generator=g).to(torch.bfloat16)
    b = torch.randn(n, k, device="cuda", generator=g).to(torch.bfloat16)
    return (a if layout[0] == "n" else a.t().contiguous()), (b if layout[1] == "t" else b.t().contiguous())


def reference(layout, a, b):
    a = a if layout[0] == "n" else a.t()
    b = b if layout[1] == "t" else b.t()
    return a.float() @ b.float().t()


def make_c(m, n, k, dtype, seed):
    # The size of the product's elements, so that a dropped c shows.
    g = torch.Generator(device="cuda").manual_seed(seed)
    return (torch.randn(m, n, device="cuda", generator=g) * k ** 0.5).to(dtype)


def rel_err(got, want):
    return ((got.float() - want).norm() / want.norm()).item()


@pytest.mark.parametrize("n, k", NK)
@pytest.mark.parametrize("m", [8, 64, 1000])
@pytest.mark.parametrize("with_c", ["no_c", "c", "c_is_d"])
@pytest.mark.parametrize("out", [torch.bfloat16, torch.float32], ids=["bf16", "f32"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_matches_reference(layout, out, with_c, m, n, k):
    a, b = make_inputs(layout, m, n, k, seed=m * 31 + n + LAYOUTS.index(layout))
    want = reference(layout, a, b)
    d = torch.full((m, n), NAN, device="cuda", dtype=out)
    c = None
    if with_c != "no_c":
        c = make_c(m, n, k, out, seed=m + n)
        want += c.float()
        if with_c == "c_is_d":
            d.copy_(c)
            c = d
    assert gemm(layout)(a, b, d, c) is d
    torch.cuda.synchronize()
    assert not d.isnan().any()
    assert rel_err(d, want) < 1e-2


@pytest.mark.parametrize("m", [1, 129])
@pytest.mark.parametrize("layout", ["nt", "nn"])
def test_any_m_with_k_major_a(layout, m):
    # Only an M-major a needs M a multiple of 8.
    n, k = NK[0]
    a, b = make_inputs(layout, m, n, k, seed=m)
    c = make_c(m, n, k, torch.float32, seed=m + 1)
    d = torch.full((m, n), NAN, device="cuda", dtype=torch.float32)
    gemm(layout)(a, b, d, c)
    torch.cuda.synchronize()
    assert rel_err(d, reference(layout, a, b) + c) < 1e-2


@pytest.mark.parametrize("layout", LAYOUTS)
def test_repeated_calls_are_bit_identical(layout):
    """The second call on the same tensors takes the recent-launch path, a
    new d the whole path; all three results are the same bits, and new
    values in the same tensors are read."""
    m, (n, k) = 1000, NK[1]
    a, b = make_inputs(layout, m, n, k, seed=5)
    c = make_c(m, n, k, torch.bfloat16, seed=6)
    d = torch.full((m, n), NAN, device="cuda", dtype=torch.bfloat16)
    gemm(layout)(a, b, d, c)
    first = d.clone()
    d.fill_(NAN)
    gemm(layout)(a, b, d, c)
    other = torch.full_like(d, NAN)
    gemm(layout)(a, b, other, c)
    torch.cuda.synchronize()
    assert torch.equal(d, first) and torch.equal(other, first)
    assert rel_err(first, reference(layout, a, b) + c.float()) < 1e-2
    a.copy_(make_inputs(layout, m, n, k, seed=7)[0])
    gemm(layout)(a, b, d, c)
    torch.cuda.synchronize()
    assert rel_err(d, reference(layout, a, b) + c.float()) < 1e-2


def test_empty_and_errors():
    n, k = NK[0]
    for layout in LAYOUTS:
        a, b = make_inputs(layout, 0, n, k, seed=1)
        d = torch.empty((0, n), device="cuda", dtype=torch.bfloat16)
        assert gemm(layout)(a, b, d) is d
    # K = 0: d is c (or zeros), nothing is launched.
    a, b = make_inputs("tt", 64, n, 0, seed=2)
    c = make_c(64, n, 1, torch.float32, seed=3)
    d = torch.full((64, n), NAN, device="cuda", dtype=torch.float32)
    assert torch.equal(hopgemm.bf16_gemm_tt(a, b, d, c), c)
    assert not hopgemm.bf16_gemm_tt(a, b, d).any()
    a, b = make_inputs("tn", 64, n, k, seed=4)
    d = torch.empty((64, n), device="cuda", dtype=torch.bfloat16)
    with pytest.raises(TypeError, match="a must be torch.bfloat16, got torch.float32"):
        hopgemm.bf16_gemm_tn(a.float(), b, d)
    with pytest.raises(TypeError, match="c must have d's dtype torch.bfloat16, got torch.float32"):
        hopgemm.bf16_gemm_tn(a, b, d, d.float())
    with pytest.raises(ValueError, match="b must be on a CUDA device"):
        hopgemm.bf16_gemm_tn(a, b.cpu(), d)
    with pytest.raises(ValueError, match="b must be contiguous"):
        hopgemm.bf16_gemm_tn(a, b.t().contiguous().t(), d)
    with pytest.raises(ValueError, match=r"b has shape \(200, 1040\), whose K 200 is not a's K 1040"):
        hopgemm.bf16_gemm_tn(a, b.t().contiguous(), d)
    a, b = make_inputs("tn", 60, n, k, seed=5)
    with pytest.raises(ValueError, match="M = 60 must be a multiple of 8 for bf16_gemm_tn"):
        hopgemm.bf16_gemm_tn(a, b, torch.empty((60, n), device="cuda", dtype=torch.bfloat16))
