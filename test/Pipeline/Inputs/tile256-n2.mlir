// 256-row tiles in 2-CTA clusters along N: each CTA loads half of A's tile
// and multicasts it (docs/performance.md, item 46); N = 2112 has an odd
// number of tiles, so the last cluster's second tile lies past N.
gemm.matmul @tile256_n2 {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128], cluster = [1, 2], schedule = persistent>
}
