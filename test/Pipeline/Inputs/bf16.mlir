gemm.matmul @rec_bf16 {
  shape = [?, 4096, 4096],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>
}
