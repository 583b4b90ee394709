gemm.matmul @swap_wide {
  shape = [?, 1000, 1040],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [32, 256, 128], swap_ab = true>
}
