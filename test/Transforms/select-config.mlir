// RUN: gemm-opt %s -split-input-file --gemm-select-config | FileCheck %s
// The heuristic fills what a config leaves out and keeps what it sets.

// Dynamic M: two math warpgroups (tile M 128); 5 stages fill shared memory;
// one CTA per SM walks the tiles.
// CHECK-LABEL: gemm.matmul @prefill
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = persistent>
gemm.matmul @prefill {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// Decode: the cost model picks the tile that fills the SMs. For M = 128,
// N = 2112 that is [64, 32] (2 x 66 = 132 tiles, one wave).
// CHECK-LABEL: gemm.matmul @decode
// CHECK: config = #gemm.config<tile = [64, 32, 128], stages = 8, cluster = [1, 1], schedule = persistent>
gemm.matmul @decode {
  shape = [128, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// With 256 tiles of [128, 128] (two waves) every smaller tile needs more
// waves, so [128, 128] stays; K = 512 has only 4 K blocks, so 4 stages.
// CHECK-LABEL: gemm.matmul @decode_wide
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = persistent>
gemm.matmul @decode_wide {
  shape = [128, 32768, 512],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// N below 128 gives a narrower tile; fields the user set stay.
// CHECK-LABEL: gemm.matmul @narrow
// CHECK: config = #gemm.config<tile = [128, 56, 128], stages = 3, cluster = [1, 1], schedule = persistent>
gemm.matmul @narrow {
  shape = [?, 56, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<stages = 3, schedule = persistent>
}

// -----

// A large static M keeps [128, 128]: with the promotion overlapped it is
// as fast as [256, 128] (which a config can still ask for).
// CHECK-LABEL: gemm.matmul @prefill_static
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = persistent>
gemm.matmul @prefill_static {
  shape = [4096, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}
