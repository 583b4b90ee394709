gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, n_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>
}
