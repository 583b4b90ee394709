gemm.matmul @tile_k_select {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 1099511627776], stages = 1>
}
