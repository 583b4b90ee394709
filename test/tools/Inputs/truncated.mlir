gemm.matmul @fp8_gemm_nt {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1,
