gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major>,
  b = #gemm.operand<f8E4M3FN, n_major>,
  d = #gemm.operand<bf16, n_major>
}
