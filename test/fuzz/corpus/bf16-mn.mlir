gemm.matmul @rec_bf16_mn {
  shape = [?, 4096, 4096],
  a = #gemm.operand<bf16, m_major>,
  b = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>
}
