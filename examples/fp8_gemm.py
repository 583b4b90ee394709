"""Compile a GEMM from Python, then run DeepGEMM-style fp8_gemm_nt on torch
tensors when torch and a Hopper GPU are there.

    HOPGEMM_LIBRARY=build/lib/libhopgemm.so python3 examples/fp8_gemm.py
"""

import hopgemm

# A spec from keyword arguments (spec text works too: hopgemm.compile(text)).
kernel = hopgemm.compile(name="fp8_gemm_nt_example", shape=(None, 4096, 7168),
                         a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                         b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)),
                         d="bf16")
meta = kernel.metadata
print(f"compiled {kernel.name}: {len(kernel.ptx)} bytes of PTX, tile {meta['tile']}, "
      f"{meta['stages']} stages, {meta['smem_bytes']} bytes of shared memory, "
      f"{kernel.compile_ms:.1f} ms (cache: {kernel.cache})")
again = hopgemm.compile(name="fp8_gemm_nt_example", shape=(None, 4096, 7168),
                        a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                        b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)),
                        d="bf16")
print(f"cache hit: {again.cache}, {again.compile_ms:.2f} ms")


def gpu_unavailable():
    try:
        import torch
    except ImportError:
        return "torch is not installed"
    if not torch.cuda.is_available():
        return "no CUDA GPU"
    if torch.cuda.get_device_capability() != (9, 0):
        return "the GPU is not sm_90"
    return None


reason = gpu_unavailable()
if reason:
    print(f"skipping the GPU part: {reason}")
else:
    import torch
    m, n, k = 1024, 4096, 7168
    a = torch.randn(m, k, device="cuda").to(torch.float8_e4m3fn)
    b = torch.randn(n, k, device="cuda").to(torch.float8_e4m3fn)
    sa = torch.rand(m, k // 128, device="cuda") + 0.5     # per token, 1 x 128
    sb = torch.rand(n // 128, k // 128, device="cuda") + 0.5  # per block, 128 x 128
    d = torch.empty(m, n, device="cuda", dtype=torch.bfloat16)
    hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)
    ref = (a.float() * sa.repeat_interleave(128, 1)) @ \
        (b.float() * sb.repeat_interleave(128, 0).repeat_interleave(128, 1)).t()
    rel_err = ((d.float() - ref).norm() / ref.norm()).item()
    print(f"fp8_gemm_nt: rel_err {rel_err:.2e} against an fp32 reference")
    assert rel_err < 1e-2
