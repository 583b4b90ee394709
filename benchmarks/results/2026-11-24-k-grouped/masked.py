# Masked M-grouped: kernel time (events, back to back) vs do_bench vs host time per call.
import sys, time, torch
sys.path.insert(0, "python"); sys.path.insert(0, ".device")
import hopgemm, peers
for groups, rows, n, k in ((1, 1024, 4096, 7168), (4, 256, 7168, 2048)):
    xs = [peers.make_inputs(rows, n, k) for _ in range(groups)]
    a = torch.stack([x["a"] for x in xs]); sa = torch.stack([x["sa"].t().contiguous() for x in xs]).transpose(1, 2)
    b = torch.stack([x["b"] for x in xs]); sb = torch.stack([x["sb"] for x in xs])
    d = torch.empty(groups, rows, n, dtype=torch.bfloat16, device="cuda")
    mm = torch.full((groups,), rows, device="cuda", dtype=torch.int32)
    f = lambda: hopgemm.m_grouped_fp8_gemm_nt_masked((a, sa), (b, sb), d, mm, rows)
    f(); torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(200): f()
    host = (time.perf_counter() - t0) / 200 * 1e6
    torch.cuda.synchronize()
    e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    e0.record()
    for _ in range(200): f()
    e1.record(); torch.cuda.synchronize()
    back = e0.elapsed_time(e1) / 200 * 1e3
    db = peers.bench(f) * 1e3
    fl = 2.0 * groups * rows * n * k
    print(f"masked {groups}x{rows} n={n} k={k}: host {host:.1f} us/call, back-to-back {back:.1f} us ({fl/back/1e6:.0f} TF), do_bench {db:.1f} us ({fl/db/1e6:.0f} TF)")
