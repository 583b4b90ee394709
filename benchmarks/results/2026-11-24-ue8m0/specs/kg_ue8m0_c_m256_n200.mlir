gemm.matmul @kg_ue8m0_c_m256_n200 {
  shape = [256, 200, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>,
  grouping = k_contiguous
}
