// RUN: not gemm-opt %s --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu 2>&1 | FileCheck %s
// With 128x128 B scales a tile whose N does not divide 128 may straddle
// two scale blocks, which the promotion handles; the second of two
// 200-column tiles over N = 400 starts at column 72 of a block and would
// reach into a third (columns 72..271).
// CHECK: error: tile N 200 over N = 400 has tiles spanning three 128-row blocks of B scales; the lowering takes two
gemm.matmul @span {
  shape = [?, 400, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 200, 128]>
}
