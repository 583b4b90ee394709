// RUN: not gemm-opt %s --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu 2>&1 | FileCheck %s
// A tile of 200 columns over N = 200 spans two 128-row blocks of B scales,
// but the lowering reads one B scale per tile: rejected (it compiled, with
// the first block's scale on columns 128..199, before).
// CHECK: error: tile N 200 is not supported by the lowering yet (a divisor of 128, so that a tile sits in one B scale block, or any tile of an N up to 128)
gemm.matmul @span {
  shape = [?, 200, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 200, 128]>
}
