gemm.matmul @swap_row {
  shape = [?, 1000, 512],
  a = #gemm.operand<f8E5M2, k_major, row_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, tensor_scale : f32>,
  d = #gemm.operand<f16, n_major>,
  config = #gemm.config<tile = [40, 64, 128], split_k = 2, swap_ab = true>
}
