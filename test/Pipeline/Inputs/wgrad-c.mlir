gemm.matmul @rec_wgrad_c {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>
}
