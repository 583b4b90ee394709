"""The grouped functions (M- and K-grouped) on a GPU against an fp32 reference; skipped, with
the reason, without torch or an sm_90 GPU."""

import random

import pytest

torch = pytest.importorskip("torch", reason="the grouped GPU tests need torch")
if not torch.cuda.is_available():
    pytest.skip("no CUDA GPU (torch.cuda.is_available() is False)", allow_module_level=True)
if torch.cuda.get_device_capability() != (9, 0):
    pytest.skip(f"needs an sm_90 GPU, found {torch.cuda.get_device_name()}", allow_module_level=True)

import hopgemm  # noqa: E402
from test_gpu_fp8_gemm_nt import make_inputs, reference, tma_aligned  # noqa: E402

N, K, TILE_M = 512, 384, 128


def rel_err(got, want):
    return ((got.float() - want).norm() / want.norm()).item()


def test_contiguous():
    sizes = [130, 0, 1, 200]
    # Each segment padded to the tile; group 0's with a whole block of
    # padding more, which the kernel must skip.
    rounded = [(s + TILE_M - 1) // TILE_M * TILE_M for s in sizes]
    padded = [r + (TILE_M if g == 0 else 0) for g, r in enumerate(rounded)]
    m = sum(padded)
    a, sa, _, _ = make_inputs(m, N, K, seed=1)
    bs = [make_inputs(1, N, K, seed=10 + g) for g in range(len(sizes))]
    b = torch.stack([x[2] for x in bs])
    sb = torch.stack([x[3] for x in bs])
    m_indices = torch.full((m,), -1, dtype=torch.int32, device="cuda")
    row = 0
    for g, (size, pad) in enumerate(zip(sizes, padded)):
        m_indices[row:row + size] = g
        row += pad
    d = torch.full((m, N), float("nan"), dtype=torch.bfloat16, device="cuda")
    hopgemm.m_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, m_indices)
    row = 0
    for g, (size, done, pad) in enumerate(zip(sizes, rounded, padded)):
        if size:
            want = reference(a[row:row + size], sa[row:row + size], b[g], sb[g])
            assert rel_err(d[row:row + size], want) < 1e-2
        # Blocks of padding (m_indices -1 from their first row) are never
        # written; padding rows in a group's last block may be.
        assert d[row + done:row + pad].isnan().all()
        row += pad


@pytest.mark.parametrize("expected_m, tile_m", [(128, TILE_M), (32, 64)])
def test_masked(expected_m, tile_m):
    """expected_m picks the kernel (64-row tiles up to 64); rows past each
    group's masked_m rounded up to that tile stay unwritten."""
    g, max_m = 3, 256
    masked_m = torch.tensor([0, 1 if tile_m == TILE_M else 70, 256], dtype=torch.int32, device="cuda")
    a = torch.stack([make_inputs(max_m, N, K, seed=20 + i)[0] for i in range(g)])
    sa = torch.stack([make_inputs(max_m, N, K, seed=20 + i)[1] for i in range(g)])
    b = torch.stack([make_inputs(1, N, K, seed=30 + i)[2] for i in range(g)])
    sb = torch.stack([make_inputs(1, N, K, seed=30 + i)[3] for i in range(g)])
    d = torch.full((g, max_m, N), float("nan"), dtype=torch.bfloat16, device="cuda")
    hopgemm.m_grouped_fp8_gemm_nt_masked((a, sa), (b, sb), d, masked_m, expected_m=expected_m)
    for i, rows in enumerate(masked_m.tolist()):
        if rows:
            assert rel_err(d[i, :rows], reference(a[i, :rows], sa[i, :rows], b[i], sb[i])) < 1e-2
        padded = (rows + tile_m - 1) // tile_m * tile_m
        assert d[i, padded:].isnan().all()


def random_ks(groups, k, seed):
    """Random K per group in blocks of 128 that sum to k: one group empty,
    one of a single block, the others at least one block."""
    rng = random.Random(seed)
    order = list(range(groups))
    rng.shuffle(order)
    blocks = [1] * groups
    blocks[order[0]] = 0
    for _ in range(k // 128 - (groups - 1)):
        blocks[rng.choice(order[2:])] += 1
    return [b * 128 for b in blocks]


def k_grouped_inputs(m, n, k, seed):
    g = torch.Generator(device="cuda").manual_seed(seed)
    a = (torch.randn(m, k, device="cuda", generator=g) * 2).to(torch.float8_e4m3fn)
    b = (torch.randn(n, k, device="cuda", generator=g) * 2).to(torch.float8_e4m3fn)
    sa = torch.rand(m, k // 128, device="cuda", generator=g) + 0.5
    sb = torch.rand(n, k // 128, device="cuda", generator=g) + 0.5
    return a, sa, b, sb


def k_grouped_reference(a, sa, b, sb, ks, c):
    a32 = a.float() * sa.repeat_interleave(128, dim=1)
    b32 = b.float() * sb.repeat_interleave(128, dim=1)
    out, begin = [], 0
    for g, size in enumerate(ks):
        part = a32[:, begin:begin + size] @ b32[:, begin:begin + size].t()
        out.append(part if c is None else part + c[g])
        begin += size
    return torch.stack(out)


@pytest.mark.parametrize("c_kind", ["none", "separate", "in_place"])
@pytest.mark.parametrize("scales", ["k_major", "tma_aligned"])
def test_k_grouped(c_kind, scales):
    m, n, groups, k = 256, 384, 4, 1024
    ks = random_ks(groups, k, seed=len(c_kind) * 7 + len(scales))
    assert 0 in ks and 128 in ks and sum(ks) == k
    a, sa, b, sb = k_grouped_inputs(m, n, k, seed=40 + len(c_kind))
    c = None if c_kind == "none" else torch.randn(groups, m, n, device="cuda") * 10
    want = k_grouped_reference(a, sa, b, sb, ks, c)
    if scales == "tma_aligned":
        sa, sb = tma_aligned(sa), tma_aligned(sb)
    if c_kind == "in_place":
        d = c.clone()
        c_arg = d
    else:
        d = torch.full((groups, m, n), float("nan"), device="cuda")
        c_arg = c
    assert hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, ks, c=c_arg) is d
    torch.cuda.synchronize()
    assert not d.isnan().any()
    for g, size in enumerate(ks):
        if size == 0:
            # An empty group: exactly C, or zeros.
            assert torch.equal(d[g], torch.zeros_like(d[g]) if c is None else c[g])
        else:
            assert rel_err(d[g], want[g]) < 1e-2, (g, size)


def test_k_grouped_with_ks_tensor_and_one_group():
    m, n = 128, 256
    a, sa, b, sb = k_grouped_inputs(m, n, 512, seed=50)
    for ks in ([512], [0, 512, 0]):
        ks_tensor = torch.tensor(ks, dtype=torch.int32, device="cuda")
        d = torch.full((len(ks), m, n), float("nan"), device="cuda")
        hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, ks, ks_tensor)
        want = k_grouped_reference(a, sa, b, sb, ks, None)
        for g, size in enumerate(ks):
            if size:
                assert rel_err(d[g], want[g]) < 1e-2
            else:
                assert torch.equal(d[g], torch.zeros_like(d[g]))


def test_k_grouped_repeated_calls():
    """Calls on the same tensors take the recent-launch path: new values in
    them, and a new ks list (another launch), must both be honoured."""
    m, n = 128, 256
    a, sa, b, sb = k_grouped_inputs(m, n, 512, seed=60)
    d = torch.empty((2, m, n), device="cuda")
    for ks, seed in (([256, 256], 61), ([256, 256], 62), ([128, 384], 63), ([128, 384], 64)):
        a2, sa2, b2, sb2 = k_grouped_inputs(m, n, 512, seed=seed)
        for t, new in ((a, a2), (sa, sa2), (b, b2), (sb, sb2)):
            t.copy_(new)
        d.fill_(float("nan"))
        hopgemm.k_grouped_fp8_gemm_nt_contiguous((a, sa), (b, sb), d, ks)
        torch.cuda.synchronize()
        want = k_grouped_reference(a, sa, b, sb, ks, None)
        for g in range(2):
            assert rel_err(d[g], want[g]) < 1e-2, (ks, seed, g)
