// RUN: gemm-opt %s -split-input-file | gemm-opt -split-input-file | FileCheck %s
// Round trip of the spec and tile levels through their custom syntax.

// CHECK-LABEL: gemm.matmul @deepseek {
// CHECK-NEXT:    shape = [?, 7168, 2048],
// CHECK-NEXT:    a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
// CHECK-NEXT:    b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
// CHECK-NEXT:    d = #gemm.operand<bf16, n_major>,
// CHECK-NEXT:    config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [2, 1], schedule = persistent>
// CHECK-NEXT:  }
gemm.matmul @deepseek {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [2, 1], schedule = persistent>
}

// -----

// Fields in any order; no config; scales per tensor and per row; C.
// CHECK-LABEL: gemm.matmul @recipes {
// CHECK-NEXT:    shape = [4096, 4096, 512],
// CHECK-NEXT:    a = #gemm.operand<f8E5M2, k_major, tensor_scale : f32>,
// CHECK-NEXT:    b = #gemm.operand<f8E4M3FN, k_major, row_scale : f8E8M0FNU>,
// CHECK-NEXT:    c = #gemm.operand<f32, m_major>,
// CHECK-NEXT:    d = #gemm.operand<f32, m_major>
// CHECK-NEXT:  } attributes {note = "kept"}
gemm.matmul @recipes {
  d = #gemm.operand<f32, m_major>,
  c = #gemm.operand<f32, m_major>,
  a = #gemm.operand<f8E5M2, k_major, tensor_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, row_scale : f8E8M0FNU>,
  shape = [4096, 4096, 512]
} attributes {note = "kept"}

// -----

// BF16 operands may be MN-major; a partial config keeps only what it sets.
// CHECK-LABEL: gemm.matmul @bf16
// CHECK:         a = #gemm.operand<bf16, m_major>,
// CHECK:         b = #gemm.operand<bf16, n_major>,
// CHECK:         config = #gemm.config<stages = 4, split_k = 2>
gemm.matmul @bf16 {
  shape = [?, 1024, 1024],
  a = #gemm.operand<bf16, m_major>,
  b = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<split_k = 2, stages = 4>
}

// -----

// swap_ab prints last, and only when true.
// CHECK-LABEL: gemm.matmul @swapped
// CHECK:         config = #gemm.config<tile = [16, 64, 128], split_k = 4, swap_ab = true>
// CHECK-LABEL: gemm.matmul @not_swapped
// CHECK:         config = #gemm.config<tile = [64, 64, 128]>
gemm.matmul @swapped {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<swap_ab = true, tile = [16, 64, 128], split_k = 4>
}
gemm.matmul @not_swapped {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [64, 64, 128], swap_ab = false>
}

// -----

// CHECK-LABEL: gpu.func @tile_program
// CHECK-SAME:    (%[[A:.*]]: memref<?x256xf8E4M3FN>, %[[SA:.*]]: memref<2x?xf32>, %[[B:.*]]: memref<256x256xf8E4M3FN>, %[[SB:.*]]: memref<2x2xf32>, %[[D:.*]]: memref<?x256xbf16>)
// CHECK:         %[[TM:.*]], %[[TN:.*]] = gemm.tile_coords grid[%{{.*}}, %{{.*}}]
// CHECK:         scf.for %[[KB:.*]] = {{.*}} iter_args(%[[ACC:.*]] = {{.*}})
// CHECK:           %[[AT:.*]] = gemm.load %[[A]][%[[TM]], %[[KB]]] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
// CHECK:           %[[BT:.*]] = gemm.load %[[B]][%[[TN]], %[[KB]]] : memref<256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
// CHECK:           %[[SAT:.*]] = gemm.load %[[SA]][%[[KB]], %[[TM]]] : memref<2x?xf32> -> tensor<128xf32>
// CHECK:           %[[SBT:.*]] = gemm.load %[[SB]][%[[TN]], %[[KB]]] : memref<2x2xf32> -> tensor<f32>
// CHECK:           %[[P:.*]] = gemm.dot %[[AT]], %[[BT]] : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
// CHECK:           %[[R:.*]] = gemm.scale_add %[[ACC]], %[[P]], %[[SAT]], %[[SBT]] : tensor<128x128xf32>, tensor<128xf32>, tensor<f32>
// CHECK:           %[[U:.*]] = gemm.dot %[[AT]], %[[BT]], %[[R]] : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
// CHECK:         gemm.store %{{.*}}, %[[D]][%[[TM]], %[[TN]]] : tensor<128x128xbf16>, memref<?x256xbf16>
// CHECK:       gemm.kernel_info @tile_program {block = [384, 1, 1], grid = "tiles"}
gpu.module @tile_program_kernels {
  gpu.func @tile_program(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %m = memref.dim %A, %c0 : memref<?x256xf8E4M3FN>
    %mt = arith.ceildivui %m, %c2 : index
    %tm, %tn = gemm.tile_coords grid [%mt, %c2]
    %zero = arith.constant dense<0.0> : tensor<128x128xf32>
    %acc = scf.for %kb = %c0 to %c2 step %c1 iter_args(%acc_i = %zero) -> tensor<128x128xf32> {
      %a = gemm.load %A[%tm, %kb] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %b = gemm.load %B[%tn, %kb] : memref<256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %sa = gemm.load %SA[%kb, %tm] : memref<2x?xf32> -> tensor<128xf32>
      %sb = gemm.load %SB[%tn, %kb] : memref<2x2xf32> -> tensor<f32>
      %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
      %r = gemm.scale_add %acc_i, %p, %sa, %sb : tensor<128x128xf32>, tensor<128xf32>, tensor<f32>
      %u = gemm.dot %a, %b, %r : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
      scf.yield %u : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}
gemm.kernel_info @tile_program {block = [384, 1, 1], grid = "tiles"}

// -----

// A grouped GEMM (mixture of experts).
// CHECK-LABEL: gemm.matmul @moe {
// CHECK:         d = #gemm.operand<bf16, n_major>,
// CHECK-NEXT:    grouping = m_masked
// CHECK-NEXT:  }
gemm.matmul @moe {
  grouping = m_masked,
  shape = [?, 4096, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// A K-grouped GEMM (the weight gradient of an MoE layer): K is the sum of
// the groups' shares, given at launch.
// CHECK-LABEL: gemm.matmul @wgrad {
// CHECK-NEXT:    shape = [4096, 7168, ?],
// CHECK:         d = #gemm.operand<f32, n_major>,
// CHECK-NEXT:    grouping = k_contiguous
// CHECK-NEXT:  }
gemm.matmul @wgrad {
  shape = [4096, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>,
  grouping = k_contiguous
}

// -----

// expected_m: the M a dynamic-M kernel is tuned for.
// CHECK-LABEL: gemm.matmul @tuned {
// CHECK:         d = #gemm.operand<bf16, n_major>,
// CHECK-NEXT:    expected_m = 32
// CHECK-NEXT:  }
gemm.matmul @tuned {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  expected_m = 32
}

// -----

// CHECK-LABEL: gemm.matmul @stream_k
// CHECK:         config = #gemm.config<tile = [256, 128, 128], stages = 3, schedule = stream_k>
gemm.matmul @stream_k {
  shape = [?, 7168, 16384],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<schedule = stream_k, tile = [256, 128, 128], stages = 3>
}
