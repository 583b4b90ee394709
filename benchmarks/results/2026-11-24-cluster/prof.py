# One cuBLASLt blockwise FP8 GEMM, for ncu.
import sys, torch
m, n, k = map(int, sys.argv[1].split('x'))
a = torch.randn(m, k, device='cuda').to(torch.float8_e4m3fn)
b = torch.randn(n, k, device='cuda').to(torch.float8_e4m3fn)
sa = torch.ones(k // 128, m, device='cuda').t()
sb = torch.ones(k // 128, (n + 127) // 128, device='cuda').t()
for _ in range(2):
    torch._scaled_mm(a, b.t(), sa, sb.t(), out_dtype=torch.bfloat16)
torch.cuda.synchronize()
