#!/usr/bin/env python3
"""DeepGEMM's own Hopper FP8 kernel as a peer, without DeepGEMM's Python extension.

    python3 benchmarks/deepgemm_kernels.py --include DIR --out DIR [--shapes deepseek|decode|MxNxK,...]
    python3 benchmarks/deepgemm_kernels.py --print-configs [--shapes ...]     # no compiler needed

DeepGEMM compiles its kernels at run time from CUDA headers that its wheels
ship (deep_gemm/include); its Python extension, which picks a configuration,
builds the TMA descriptors and launches, is built against one torch and does
not load on another (benchmarks/results/2026-12-07-deepgemm). This script
takes the kernel the extension would run for fp8_gemm_nt on sm_90
(sm90_fp8_gemm_1d2d_impl: A 1x128 and B 128x128 scales, bf16 out), compiles
it with nvcc for each shape (N and K fixed, M dynamic, as fp8_gemm_nt does),
and bench.py launches the cubins through the CUDA driver (Prebuilt) on the
same inputs and timer as every other peer. Nothing of DeepGEMM is in this
repository: the headers come from a wheel downloaded at use
(benchmarks/README.md, "DeepGEMM as a peer").

The configuration follows DeepGEMM's SM90 heuristic as its source states it
(csrc/jit_kernels/heuristics: fewest waves, then the fullest last wave; two-CTA
multicast from M >= 512; as many stages as fit in 232448 bytes); choose()
below is our restatement of those rules. --print-configs shows them.
"""
import argparse
import concurrent.futures
import ctypes
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = "sm90_fp8_gemm_1d2d_impl"
SMEM_CAPACITY = 232448  # bytes a block may have on sm_90
BLOCK_K = 128
# The (N, K) of DeepSeek-V3's GEMMs (as ../shared/bench/peers.py's DEEPSEEK_NK): the issue table's 13 shapes
# (M = 128 and 4096, and 8192^3) and the 24 decode shapes (M = 1, 16, 32, 64).
DEEPSEEK_NK = [(2112, 7168), (24576, 1536), (32768, 512), (7168, 16384), (4096, 7168), (7168, 2048)]
DEEPSEEK = [(m, n, k) for m in (128, 4096) for (n, k) in DEEPSEEK_NK] + [(8192, 8192, 8192)]
DECODE = [(m, n, k) for m in (1, 16, 32, 64) for (n, k) in DEEPSEEK_NK]


def ceil_div(a, b):
    return (a + b - 1) // b


def align(a, b):
    return ceil_div(a, b) * b


def swizzle_mode(block, elem_bytes):
    """The widest swizzle (bytes) that divides a row of `block` elements; 16 means none."""
    return next(mode for mode in (128, 64, 32, 16) if block * elem_bytes % mode == 0)


def legal_block(bm, bn):
    """DeepGEMM's SM90 1D2D limits: at most 128 columns except 144/160/192 (B-scale count and
    registers), and not both sides above 128."""
    if bn > 128 and bn not in (144, 160, 192):
        return False
    return bm <= 128 or bn <= 128


def smem_bytes(bm, bn, k, stages):
    d = align(bm * bn * 2, 1024)
    per_stage = bm * BLOCK_K + bn * BLOCK_K + align(bm * 4, 128) + 16  # A, B, A scales, two barriers
    sfb = align(ceil_div(k, BLOCK_K) * 4 * (1 if BLOCK_K % bn == 0 else 2), 8)
    return d + stages * per_stage + sfb


def choose(m, n, k, num_sms=132, block=None, multicast_arg=None):
    """The configuration DeepGEMM's fp8_gemm_nt picks on sm_90 for (m, n, k); block (BM, BN) and
    multicast_arg (1, or 2 on B / 2 on A as "2b" / "2a") override its choices, to time alternatives."""
    block_ms = [64, 128, 256] + ([16] if m <= 16 else []) + ([32] if m <= 32 else [])
    block_ns = list(range(16, 257, 16))
    best = None  # (bm, bn, waves, last-wave blocks)
    for bm in block_ms:
        for bn in block_ns:
            if not legal_block(bm, bn):
                continue
            blocks = ceil_div(m, bm) * ceil_div(n, bn)
            waves, last = ceil_div(blocks, num_sms), (blocks % num_sms or num_sms)
            if best is None or waves < best[2]:
                better = True
            elif waves > best[2]:
                better = False
            else:
                better = last > best[3]
                if last == best[3]:
                    better = ((bm == best[0] and bn < best[1]) or (bn == best[1] and bm < best[0])
                              or (bm != best[0] and bn > best[1] and bn <= n and bm <= m))
            if better:
                best = (bm, bn, waves, last)
    bm, bn = block or best[:2]
    if not legal_block(bm, bn):
        raise ValueError(f"block {bm}x{bn} is not one DeepGEMM's 1D2D kernel allows")
    # Two-CTA multicast from M >= 512, on B first unless the tile is taller than wide; both are legal
    # for a plain GEMM whenever the SM count is even.
    multicast, on_a = 1, False
    if m >= 512 and num_sms % 2 == 0:
        multicast, on_a = 2, bm > bn
    if multicast_arg:
        multicast, on_a = (1, False) if multicast_arg == "1" else (2, multicast_arg == "2a")
    max_stages = 4 if (BLOCK_K % bn and BLOCK_K // math.gcd(bn, BLOCK_K) <= 4) else 32
    stages = next(s for s in range(max_stages, 0, -1) if smem_bytes(bm, bn, k, s) <= SMEM_CAPACITY)
    return {"block_m": bm, "block_n": bn, "stages": stages, "multicast": multicast, "multicast_on_a": on_a,
            "math_threads": 128 if bm <= 64 else 256, "swizzle_d": swizzle_mode(bn, 2),
            "smem": smem_bytes(bm, bn, k, stages), "num_sms": num_sms}


def source(cfg, n, k, dynamic_k=False):
    """The .cu that instantiates the kernel, as DeepGEMM's JIT writes it (N and K compiled in, or N
    only with dynamic_k: then its K loop is not unrolled whole)."""
    args = ["cute::UMMA::Major::K", 0, n, 0 if dynamic_k else k, 1, cfg["block_m"], cfg["block_n"], BLOCK_K, 128, 128,
            cfg["swizzle_d"],
            cfg["stages"], 128, cfg["math_threads"], cfg["multicast"], "true" if cfg["multicast_on_a"] else "false",
            cfg["num_sms"], "GemmType::Normal", "cutlass::bfloat16_t", "epilogue::transform::EpilogueIdentity"]
    return ("#include <deep_gemm/impls/sm90_fp8_gemm_1d2d.cuh>\nusing namespace deep_gemm;\n"
            "static void instantiate() {\n    auto ptr = reinterpret_cast<void*>(&sm90_fp8_gemm_1d2d_impl<\n        "
            + ", ".join(str(a) for a in args) + ">);\n    (void)ptr;\n}\n")


def shape_name(m, n, k):
    return f"dg_m{m}_n{n}_k{k}"


def compile_one(m, n, k, include, out, nvcc, num_sms, block=None, multicast=None, dynamic_k=False):
    """Writes NAME.cu, NAME.cubin and NAME.json (config, kernel symbol, ptxas report) into out."""
    cfg = choose(m, n, k, num_sms, block, multicast)
    name = os.path.join(out, shape_name(m, n, k))
    with open(name + ".cu", "w") as f:
        f.write(source(cfg, n, k, dynamic_k))
    cmd = [nvcc, "-std=c++20", "--diag-suppress=39,161,174,177,186,940",
           "--ptxas-options=--register-usage-level=10,--verbose", "-O3", "--expt-relaxed-constexpr",
           "--expt-extended-lambda", "-gencode=arch=compute_90a,code=sm_90a", "-cubin", "-I", include,
           name + ".cu", "-o", name + ".cubin"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"nvcc failed for {m}x{n}x{k}:\n{p.stderr[-3000:]}")
    with open(name + ".cubin", "rb") as f:
        symbols = set(re.findall(rb"_Z\w*" + KERNEL.encode() + rb"\w*", f.read()))
    if len(symbols) != 1:
        raise RuntimeError(f"{name}.cubin: expected one {KERNEL} symbol, found {len(symbols)}")
    ptxas = [line.split(":", 1)[-1].strip() if line.startswith("ptxas") else line.strip()
             for line in p.stderr.splitlines() if "registers" in line or "spill" in line]
    meta = dict(cfg, m=m, n=n, k=k, symbol=symbols.pop().decode(), ptxas=ptxas)
    with open(name + ".json", "w") as f:
        json.dump(meta, f, indent=1)
    return meta


# --- launching the cubins (GPU machine) ----------------------------------------------------------

class _LaunchAttribute(ctypes.Structure):
    _fields_ = [("id", ctypes.c_int), ("pad", ctypes.c_char * 4), ("value", ctypes.c_uint32 * 16)]


class _LaunchConfig(ctypes.Structure):
    _fields_ = [("grid", ctypes.c_uint * 3), ("block", ctypes.c_uint * 3), ("smem", ctypes.c_uint),
                ("stream", ctypes.c_void_p), ("attrs", ctypes.POINTER(_LaunchAttribute)), ("num_attrs", ctypes.c_uint)]


class _TensorMap(ctypes.Structure):
    _fields_ = [("words", ctypes.c_uint64 * 16)]  # CUtensorMap: 128 bytes, 64-byte aligned


CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION = 4
CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8
DTYPE_UINT8, DTYPE_FLOAT32, DTYPE_BFLOAT16 = 0, 7, 9
SWIZZLE = {0: 0, 16: 0, 32: 1, 64: 2, 128: 3}  # bytes -> CUtensorMapSwizzle (16: interleaved rows, no swizzle)
L2_PROMOTION_256B = 3


class Prebuilt:
    """The compiled kernels of a directory, called like DeepGEMM's fp8_gemm_nt((a, sa), (b, sb), d)
    for the shapes they were built for. sa: (M, ceil(K/128)) fp32 with the M-major, 16-byte aligned
    layout DeepGEMM takes (bench.tma_aligned); sb: (ceil(N/128), ceil(K/128)) fp32, contiguous."""

    def __init__(self, directory):
        self.dir = directory
        self.metas = {}
        for path in sorted(os.listdir(directory)):
            if path.endswith(".json"):
                with open(os.path.join(directory, path)) as f:
                    meta = json.load(f)
                self.metas[(meta["m"], meta["n"], meta["k"])] = meta
        if not self.metas:
            raise RuntimeError(f"no DeepGEMM kernels in {directory}")
        with open(os.path.join(directory, "VERSION")) as f:
            self.__version__ = f.read().strip()
        self.cuda = ctypes.CDLL("libcuda.so.1")
        self.functions, self.prepared = {}, {}

    def _check(self, result, what):
        if result:
            msg = ctypes.c_char_p()
            self.cuda.cuGetErrorString(result, ctypes.byref(msg))
            raise RuntimeError(f"{what}: CUDA error {result} ({(msg.value or b'?').decode()})")

    def _function(self, meta):
        key = meta["symbol"]
        if key not in self.functions:
            with open(os.path.join(self.dir, shape_name(meta["m"], meta["n"], meta["k"]) + ".cubin"), "rb") as f:
                image = f.read()
            module, fn = ctypes.c_void_p(), ctypes.c_void_p()
            self._check(self.cuda.cuModuleLoadData(ctypes.byref(module), image), "cuModuleLoadData")
            self._check(self.cuda.cuModuleGetFunction(ctypes.byref(fn), module, key.encode()), "cuModuleGetFunction")
            self._check(self.cuda.cuFuncSetAttribute(fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                                     meta["smem"]), "cuFuncSetAttribute")
            self.functions[key] = (module, fn)
        return self.functions[key][1]

    def _map(self, dtype, ptr, dims, row_bytes, box, swizzle_bytes):
        """A 2-D tiled TMA descriptor: dims and box innermost first, row_bytes the outer stride."""
        buf = ctypes.create_string_buffer(ctypes.sizeof(_TensorMap) + 64)  # ctypes aligns to 16 at most
        tmap = _TensorMap.from_address((ctypes.addressof(buf) + 63) // 64 * 64)
        tmap.buf = buf  # kept alive with the map
        u64x2, u32x2 = ctypes.c_uint64 * 2, ctypes.c_uint32 * 2
        self._check(self.cuda.cuTensorMapEncodeTiled(
            ctypes.byref(tmap), dtype, 2, ctypes.c_void_p(ptr), u64x2(*dims), u64x2(row_bytes, 0), u32x2(*box),
            u32x2(1, 1), 0, SWIZZLE[swizzle_bytes], L2_PROMOTION_256B, 0), "cuTensorMapEncodeTiled")
        return tmap

    def _meta(self, m, n, k):
        if (m, n, k) not in self.metas:  # the configuration depends on M too
            raise KeyError(f"no DeepGEMM kernel built for {m}x{n}x{k}")
        return self.metas[(m, n, k)]

    def _prepare(self, a, sa, b, sb, d, stream):
        m, k = a.shape
        n = b.shape[0]
        meta = self._meta(m, n, k)
        bm, bn, sw = meta["block_m"], meta["block_n"], meta["swizzle_d"]
        if a.stride(1) != 1 or b.stride(1) != 1 or d.stride(1) != 1 or sa.stride(0) != 1 or not sb.is_contiguous():
            raise ValueError("layouts: A, B, D row-major; sa M-major; sb contiguous")
        maps = [self._map(DTYPE_UINT8, a.data_ptr(), (k, m), a.stride(0), (BLOCK_K, bm), 128),
                self._map(DTYPE_UINT8, b.data_ptr(), (k, n), b.stride(0), (BLOCK_K, bn), 128),
                self._map(DTYPE_BFLOAT16, d.data_ptr(), (n, m), d.stride(0) * 2,
                          (bn if sw == 0 else sw // 2, bm), sw),
                self._map(DTYPE_FLOAT32, sa.data_ptr(), (m, ceil_div(k, BLOCK_K)), sa.stride(1) * 4, (bm, 1), 0)]
        scalars = [ctypes.c_void_p(sb.data_ptr()), ctypes.c_void_p(0), ctypes.c_uint32(m), ctypes.c_uint32(n),
                   ctypes.c_uint32(k)]
        args = scalars + maps
        params = (ctypes.c_void_p * len(args))(*[ctypes.addressof(x) for x in args])
        attr = _LaunchAttribute(id=CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION)
        attr.value[0], attr.value[1], attr.value[2] = meta["multicast"], 1, 1
        config = _LaunchConfig(grid=(ctypes.c_uint * 3)(meta["num_sms"], 1, 1),
                               block=(ctypes.c_uint * 3)(128 + meta["math_threads"], 1, 1), smem=meta["smem"],
                               stream=ctypes.c_void_p(stream), attrs=ctypes.pointer(attr), num_attrs=1)
        return (self._function(meta), config, params, args, attr)  # args and attr kept alive with params

    def fp8_gemm_nt(self, a_sa, b_sb, d):
        import torch
        (a, sa), (b, sb) = a_sa, b_sb
        stream = torch.cuda.current_stream().cuda_stream
        key = (a.data_ptr(), sa.data_ptr(), b.data_ptr(), sb.data_ptr(), d.data_ptr(), tuple(a.shape),
               tuple(b.shape), stream)
        if key not in self.prepared:  # descriptors built once per set of tensors, as a plan would
            self.prepared[key] = self._prepare(a, sa, b, sb, d, stream)
        fn, config, params = self.prepared[key][:3]
        self._check(self.cuda.cuLaunchKernelEx(ctypes.byref(config), fn, params, None), "cuLaunchKernelEx")


def parse_shapes(text):
    """'deepseek' (13 shapes), 'decode' (24) and/or MxNxK items, comma-separated; ValueError on a bad item."""
    named = {"deepseek": DEEPSEEK, "decode": DECODE}
    shapes = []
    for item in filter(None, text.split(",")):
        if item in named:
            shapes += named[item]
            continue
        try:
            shape = tuple(int(v) for v in item.lower().split("x"))
        except ValueError:
            shape = ()
        if len(shape) != 3 or min(shape) <= 0:
            raise ValueError(f"bad shape {item!r}: want MxNxK, 'deepseek' or 'decode'")
        shapes.append(shape)
    return shapes


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--include", help="DeepGEMM's include directory (deep_gemm/include of a wheel)")
    p.add_argument("--out", help="directory for the .cu, .cubin and .json of each shape")
    p.add_argument("--shapes", default="deepseek", help="'deepseek', 'decode' and/or MxNxK, comma-separated")
    p.add_argument("--num-sms", type=int, default=132)
    p.add_argument("--nvcc", default="nvcc")
    p.add_argument("--version", default="unknown", help="the wheel's name and version, recorded in OUT/VERSION")
    p.add_argument("--block", help="BMxBN instead of DeepGEMM's choice (an alternative to time)")
    p.add_argument("--multicast", choices=("1", "2a", "2b"), help="instead of DeepGEMM's choice: none, A or B")
    p.add_argument("--dynamic-k", action="store_true", help="K not compiled in (its K loop then stays a loop)")
    p.add_argument("--print-configs", action="store_true", help="print the configurations and stop")
    args = p.parse_args()
    shapes = parse_shapes(args.shapes)
    block = tuple(int(v) for v in args.block.lower().split("x")) if args.block else None
    if args.print_configs:
        for (m, n, k) in shapes:
            print(f"{m}x{n}x{k}: {choose(m, n, k, args.num_sms, block, args.multicast)}")
        return 0
    if not args.include or not args.out:
        p.error("give --include and --out (or --print-configs)")
    if not os.path.isfile(os.path.join(args.include, "deep_gemm", "impls", "sm90_fp8_gemm_1d2d.cuh")):
        p.error(f"{args.include} has no deep_gemm/impls/sm90_fp8_gemm_1d2d.cuh")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "VERSION"), "w") as f:
        f.write(args.version + "\n")
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        jobs = [pool.submit(compile_one, m, n, k, args.include, args.out, args.nvcc, args.num_sms, block,
                            args.multicast, args.dynamic_k)
                for (m, n, k) in shapes]
        for job in jobs:
            meta = job.result()
            print(f"{meta['m']}x{meta['n']}x{meta['k']}: {meta['block_m']}x{meta['block_n']}, {meta['stages']} stages, "
                  f"multicast {meta['multicast']}{' on A' if meta['multicast_on_a'] else ''}, "
                  f"{meta['smem']} B smem; {' '.join(meta['ptxas'])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
