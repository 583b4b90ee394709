# Masked M-grouped with small groups: expected_m <= 64 (64-row tiles) vs the default 128-row tiles.
import sys, torch
sys.path.insert(0, "python"); sys.path.insert(0, ".device")
import hopgemm, peers
for g, max_m, n, k, valid in ((4, 256, 7168, 2048, 32), (4, 256, 7168, 2048, 64), (8, 128, 4096, 7168, 16), (8, 128, 4096, 7168, 48)):
    xs = [peers.make_inputs(max_m, n, k) for _ in range(g)]
    a = torch.stack([x["a"] for x in xs]); sa = torch.stack([x["sa"].t().contiguous() for x in xs]).transpose(1, 2)
    b = torch.stack([x["b"] for x in xs]); sb = torch.stack([x["sb"] for x in xs])
    mm = torch.full((g,), valid, device="cuda", dtype=torch.int32)
    fl = 2.0 * g * valid * n * k
    row = []
    for expected in (valid, max_m):
        d = torch.full((g, max_m, n), float("nan"), dtype=torch.bfloat16, device="cuda")
        f = lambda: hopgemm.m_grouped_fp8_gemm_nt_masked((a, sa), (b, sb), d, mm, expected)
        f(); torch.cuda.synchronize()
        err = max(float(peers.rel_err(d[i, :valid], xs[i]["ref"][:valid])) for i in range(g))
        us = peers.bench(f) * 1e3
        row.append(f"expected_m={expected}: {us:.1f} us ({fl / us / 1e6:.0f} TF), rel_err {err:.2e}")
    print(f"masked {g}x{max_m} valid {valid} n={n} k={k}: " + "; ".join(row), flush=True)
