gemm.matmul @t192s4_m4096_n7168_k16384 {
  shape = [4096, 7168, 16384],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [192, 128, 128], stages = 4>
}
