gemm.matmul @rec_ue8m0_wgrad_c {
  shape = [?, 1000, 1040],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E5M2, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>
}
