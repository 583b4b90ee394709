// The DeepSeek-V3 FP8 GEMM recipe: A e4m3 with 1x128 fp32 scales (per token),
// B e4m3 with 128x128 fp32 scales (per weight block), bf16 output, fp32
// accumulation promoted every 128 of K. M is dynamic: one kernel serves
// every batch size.
//
//   gemm-opt examples/deepseek_fp8_gemm.mlir --gemm-to-ptx -o k.ptx
gemm.matmul @fp8_gemm_nt {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5>
}
