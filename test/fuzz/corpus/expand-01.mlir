gemm.matmul @plain {
  shape = [?, 1024, 1024],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 64], stages = 4, cluster = [1, 1], schedule = data_parallel>
}
