// The DeepSeek recipe with 256-row tiles: two 64-row waves per math
// warpgroup, wgmma descriptors advanced by adds (docs/performance.md,
// item 41), the next block's barrier tested before the promotion (item 42).
gemm.matmul @tile256 {
  shape = [?, 7168, 16384],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128]>
}
