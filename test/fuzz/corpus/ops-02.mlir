gemm.matmul @bf16 {
  shape = [?, 1024, 1024],
  a = #gemm.operand<bf16, m_major>,
  b = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<stages = 4>
}
