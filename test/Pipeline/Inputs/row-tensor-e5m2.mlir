gemm.matmul @rec_row_tensor_e5m2 {
  shape = [?, 576, 1536],
  a = #gemm.operand<f8E5M2, k_major, row_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, tensor_scale : f32>,
  d = #gemm.operand<f32, n_major>
}
