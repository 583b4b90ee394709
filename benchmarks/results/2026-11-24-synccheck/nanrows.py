# Where are the NaNs of D when the kernel runs under a sanitizer? Prints the
# NaN rows (and columns) of D per run.
import os, sys, torch
sys.path.insert(0, "python"); sys.path.insert(0, ".device")
import hopgemm, peers
m, n, k = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
torch.manual_seed(1)
x = peers.make_inputs(m, n, k)
for r in range(runs):
    d = torch.full((m, n), float("nan"), dtype=torch.bfloat16, device="cuda")
    hopgemm.fp8_gemm_nt((x["a"], x["sa"]), (x["b"], x["sb"]), d)
    torch.cuda.synchronize()
    bad = torch.isnan(d)
    rows = bad.any(1).nonzero().flatten().tolist()
    cols = bad.any(0).nonzero().flatten().tolist()
    print(f"run {r}: nan={int(bad.sum())} rows={rows[:20]} cols={len(cols)} [{cols[:3]}..{cols[-3:]}] rel_err={float(peers.rel_err(d.nan_to_num(), x['ref'])):.3e}", flush=True)
