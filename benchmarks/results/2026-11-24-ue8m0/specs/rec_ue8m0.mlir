gemm.matmul @rec_ue8m0 {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f8E8M0FNU>,
  d = #gemm.operand<bf16, n_major>
}
