gemm.matmul @mg_ue8m0_n200_k384 {
  shape = [?, 200, 384],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f8E8M0FNU>,
  d = #gemm.operand<bf16, n_major>,
  grouping = m_contiguous
}
