"""Measures spec -> PTX compile time and cache-hit times per kernel.

    HOPGEMM_LIBRARY=build/lib/libhopgemm.so python3 examples/compile_times.py

Compiles the DeepSeek-V3 shapes with a fresh disk cache: a cold compile
(cache miss) per kernel, then a memory hit (same Compiler) and a disk hit (a
new Compiler, like the next process).
"""

import statistics
import tempfile
import time

import hopgemm

SHAPES = [(2112, 7168), (24576, 1536), (32768, 512), (7168, 16384), (4096, 7168), (7168, 2048)]


def spec(n, k):
    return dict(name=f"fp8_n{n}_k{k}", shape=(None, n, k), a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)), d="bf16")


with tempfile.TemporaryDirectory() as cache:
    start = time.perf_counter()
    compiler = hopgemm.Compiler(cache_dir=cache)
    print(f"Compiler() {1e3 * (time.perf_counter() - start):.1f} ms")
    rows = []
    for n, k in SHAPES:
        miss = compiler.compile(**spec(n, k))
        memory = compiler.compile(**spec(n, k))
        disk = hopgemm.Compiler(cache_dir=cache).compile(**spec(n, k))
        assert (miss.cache, memory.cache, disk.cache) == ("miss", "memory", "disk")
        rows.append((miss.name, miss.compile_ms, memory.compile_ms, disk.compile_ms))
    print(f"{'kernel':<22} {'compile ms':>10} {'memory hit ms':>13} {'disk hit ms':>11}")
    for name, miss, memory, disk in rows:
        print(f"{name:<22} {miss:>10.1f} {memory:>13.2f} {disk:>11.2f}")
    columns = list(zip(*rows))[1:]
    print(f"{'median':<22} {statistics.median(columns[0]):>10.1f} {statistics.median(columns[1]):>13.2f} "
          f"{statistics.median(columns[2]):>11.2f}")
