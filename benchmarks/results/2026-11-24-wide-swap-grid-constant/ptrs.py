"""Old (descriptor buffer) against new (__grid_constant__) kernels when the operands change every call."""
import math, os, sys
sys.path.insert(0, "benchmarks")
import bench  # noqa: E402
import torch, hopgemm  # noqa: E402
from hopgemm import gemm  # noqa: E402

peers = bench.load_peers(".device/peers.py")

def operands(m, n, k, seed):
    x = peers.make_inputs(m, n, k, seed=seed)
    kb, ld = bench.ceil_div(k, 128), bench.ceil_div(m, 4) * 4
    sa_buf = torch.empty((kb, ld), dtype=torch.float32, device="cuda")
    sa_buf[:, :m].copy_(x["sa"].t())
    sa = sa_buf[:, :m].t()
    d = torch.full((m, n), float("nan"), dtype=torch.bfloat16, device="cuda")
    return x, sa, d

def loop_us(fns, iters=400):
    for f in fns: f()
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record()
    for i in range(iters): fns[i % len(fns)]()
    e.record(); torch.cuda.synchronize()
    return s.elapsed_time(e) * 1000 / iters

stream = torch.cuda.current_stream().cuda_stream
print(f"{'kernel':32s} {'same us':>8s} {'alt us':>8s} {'alt bench us':>12s} rel_err")
for shape in ("m16_n7168_k2048", "m16_n32768_k512", "m128_n7168_k2048", "m128_n4096_k7168"):
    m, n, k = (int(p[1:]) for p in shape.split("_"))
    sets = [operands(m, n, k, seed) for seed in (1, 2)]
    for which in ("old", "new"):
        name = f"{which}_fp8_{shape}"
        kern = hopgemm.Kernel.load(f".device/gc/{name}.ptx", device=0)
        fns = []
        for x, sa, d in sets:
            plan = gemm.check_args(x["a"], sa, x["b"], x["sb"], d)
            fns.append((lambda kern=kern, plan=plan, x=x, sa=sa, d=d:
                        gemm.launch(kern, plan, x["a"], sa, x["b"], x["sb"], d, stream)))
        same = loop_us(fns[:1]); alt = loop_us(fns)
        state = [0]
        def one():
            fns[state[0] % 2](); state[0] += 1
        alt_bench = peers.bench(one) * 1000
        errs = [peers.rel_err(d, x["ref"]) for x, sa, d in sets]
        print(f"{name:32s} {same:8.1f} {alt:8.1f} {alt_bench:12.1f} {max(errs):.2e}", flush=True)
