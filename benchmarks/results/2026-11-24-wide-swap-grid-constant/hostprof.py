"""Host time of Kernel.launch against the fake CUDA driver (build machine, no GPU).

    HOPGEMM_LIBCUDA=build/test/Runtime/libhopgemm-fake-cuda.so HOPGEMM_LIBRARY=build/lib/libhopgemm.so \\
        PYTHONPATH=test/python:python python3 benchmarks/results/2026-11-24-wide-swap-grid-constant/hostprof.py
"""
import time, cProfile, pstats
import hopgemm
from fakes import FakeCuda
cuda = FakeCuda()
kernel = hopgemm.compile(open("examples/deepseek_fp8_gemm.mlir").read()).load()
m, n, k = 16, 7168, 2048
ptr = {name: cuda.alloc(size) for name, size in
       dict(a=m * k, sa=16 * 16 * 4, b=n * k, sb=56 * 16 * 4, d=m * n * 2).items()}
args = dict(a=ptr["a"], sa=hopgemm.TensorArg(ptr["sa"], ld=16), b=ptr["b"], sb=ptr["sb"],
            d=hopgemm.TensorArg(ptr["d"], rows=m, cols=n, bytes=m * n * 2))
for _ in range(100): kernel.launch(m, n, k, **args)
N = 2000
t = time.perf_counter()
for _ in range(N): kernel.launch(m, n, k, **args)
print(f"Kernel.launch: {(time.perf_counter() - t) / N * 1e6:.1f} us per call")
cProfile.run("for _ in range(2000): kernel.launch(m, n, k, **args)", "/tmp/hostprof.prof")
pstats.Stats("/tmp/hostprof.prof").sort_stats("tottime").print_stats(8)
