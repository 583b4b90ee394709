gemm.matmul @swap_c {
  shape = [?, 200, 1040],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E5M2, k_major, block_scale = [1, 128] : f32>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [24, 128, 128], swap_ab = true>
}
