// The DeepSeek recipe with 192-column tiles: the two math warpgroups take
// turns issuing their blocks' wgmmas (docs/performance.md, item 31), and
// test the next block's barrier before the promotion (item 42); a tile
// straddles two 128x128 B scale blocks at column 64 or 128.
gemm.matmul @tile192 {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 192, 128]>
}
