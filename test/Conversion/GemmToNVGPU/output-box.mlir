// RUN: gemm-opt %s --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s
// The TMA store writes D's tile in column blocks one swizzle span wide; the
// blocks must cover the tile's row exactly (a partial last block would
// store onto the next tile's columns), so the span is the widest of 128,
// 64 and 32 bytes that divides the row, else none (one unswizzled box of
// the whole row). Tiles of 104 and 40 columns used to get a 128-byte span
// and stored only their first 64 (32) columns.

// 128 x 104 bf16: 208 bytes a row, no span divides it.
// CHECK-LABEL: gpu.module @n100_kernels
// CHECK-COUNT-1: nvgpu.tma.async.store
// CHECK-NOT: nvgpu.tma.async.store
// CHECK: box = [104, 128], kind = "tensor_map", pass = "grid_constant", swizzle = 0 : i64, tensor = "d"
gemm.matmul @n100 {
  shape = [?, 100, 1040],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// 128 x 40 f32: 160 bytes, five blocks of 32 bytes (C's box is D's).
// CHECK-LABEL: gpu.module @n40_kernels
// CHECK-COUNT-5: nvgpu.tma.async.store
// CHECK-NOT: nvgpu.tma.async.store
// CHECK: box = [8, 128], kind = "tensor_map", pass = "grid_constant", swizzle = 32 : i64, tensor = "c"
// CHECK-SAME: box = [8, 128], kind = "tensor_map", pass = "grid_constant", swizzle = 32 : i64, tensor = "d"
gemm.matmul @n40 {
  shape = [?, 40, 272],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>
}

// 128 x 128 bf16: two blocks of 128 bytes, as before.
// CHECK-LABEL: gpu.module @n7168_kernels
// CHECK-COUNT-2: nvgpu.tma.async.store
// CHECK-NOT: nvgpu.tma.async.store
// CHECK: box = [64, 128], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "d"
gemm.matmul @n7168 {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}
