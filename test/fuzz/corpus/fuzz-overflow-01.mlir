gemm.matmul @tile_k {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 1152921504606846976], stages = 2>
}
