// RUN: gemm-opt %s -split-input-file --gemm-expand -verify-diagnostics | FileCheck %s
// A spec becomes a gpu.module holding the tile program of one output tile.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       gpu.module @deepseek_kernels
// CHECK:       gpu.func @deepseek(%[[A:.*]]: memref<?x2048xf8E4M3FN>, %[[SA:.*]]: memref<16x?xf32>, %[[B:.*]]: memref<7168x2048xf8E4M3FN>, %[[SB:.*]]: memref<56x16xf32>, %[[D:.*]]: memref<?x7168xbf16>) kernel
// CHECK-SAME:    gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>
// CHECK:         %[[M:.*]] = memref.dim %[[A]], %{{.*}} : memref<?x2048xf8E4M3FN>
// CHECK:         %[[MT:.*]] = arith.ceildivui %[[M]], %{{.*}} : index
// CHECK:         %[[TM:.*]], %[[TN:.*]] = gemm.tile_coords grid[%[[MT]], %{{.*}}]
// CHECK:         %[[ACC:.*]] = scf.for %[[KB:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[IT:.*]] = %{{.*}}) -> (tensor<128x128xf32>)
// CHECK:           %[[AT:.*]] = gemm.load %[[A]][%[[TM]], %[[KB]]] : memref<?x2048xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
// CHECK:           %[[BT:.*]] = gemm.load %[[B]][%[[TN]], %[[KB]]] : memref<7168x2048xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
// CHECK:           %[[SAT:.*]] = gemm.load %[[SA]][%[[KB]], %[[TM]]] : memref<16x?xf32> -> tensor<128xf32>
// CHECK:           %[[SBT:.*]] = gemm.load %[[SB]][%{{.*}}, %[[KB]]] : memref<56x16xf32> -> tensor<f32>
// CHECK:           %[[P:.*]] = gemm.dot %[[AT]], %[[BT]] :
// CHECK:           %[[R:.*]] = gemm.scale_add %[[IT]], %[[P]], %[[SAT]], %[[SBT]]
// CHECK:           scf.yield %[[R]]
// CHECK:         %[[OUT:.*]] = arith.truncf %[[ACC]] : tensor<128x128xf32> to tensor<128x128xbf16>
// CHECK:         gemm.store %[[OUT]], %[[D]][%[[TM]], %[[TN]]]
// CHECK-NOT:   gemm.matmul
gemm.matmul @deepseek {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = data_parallel>
}

// -----

// Unscaled operands accumulate in the dot itself.
// CHECK-LABEL: gpu.func @plain
// CHECK:         scf.for {{.*}} iter_args(%[[IT:.*]] = %{{.*}})
// CHECK:           gemm.dot %{{.*}}, %{{.*}}, %[[IT]] : tensor<128x64xbf16>, tensor<128x64xbf16> -> tensor<128x128xf32>
// CHECK-NOT:       gemm.scale_add
gemm.matmul @plain {
  shape = [?, 1024, 1024],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 64], stages = 4, cluster = [1, 1], schedule = data_parallel>
}

// -----

// expected-error @+1 {{config is incomplete; run gemm-select-config before gemm-expand}}
gemm.matmul @incomplete {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<stages = 4>
}

// -----

// Row and tensor scales apply once, after the K loop: the dot accumulates,
// then one gemm.scale_add of the sum from zero. C is added last.
// CHECK-LABEL: gpu.func @rowwise
// CHECK-SAME:    (%[[A:.*]]: memref<?x2048xf8E4M3FN>, %[[SA:.*]]: memref<?xf32>, %[[B:.*]]: memref<7168x2048xf8E4M3FN>, %[[SB:.*]]: memref<1xf32>, %[[C:.*]]: memref<?x7168xf32>, %[[D:.*]]: memref<?x7168xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
// CHECK:         %[[SUM:.*]] = scf.for
// CHECK:           gemm.dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
// CHECK-NOT:       gemm.scale_add
// CHECK:         }
// CHECK:         %[[SAT:.*]] = gemm.load %[[SA]][%{{.*}}] : memref<?xf32> -> tensor<128xf32>
// CHECK:         %[[SBT:.*]] = gemm.load %[[SB]][%{{.*}}] : memref<1xf32> -> tensor<f32>
// CHECK:         %[[SCALED:.*]] = gemm.scale_add %[[ZERO]], %[[SUM]], %[[SAT]], %[[SBT]]
// CHECK:         %[[CT:.*]] = gemm.load %[[C]][%{{.*}}, %{{.*}}] : memref<?x7168xf32> -> tensor<128x128xf32>
// CHECK:         %[[OUT:.*]] = arith.addf %[[SCALED]], %[[CT]]
// CHECK:         gemm.store %[[OUT]], %[[D]]
gemm.matmul @rowwise {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, row_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, tensor_scale : f32>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = data_parallel>
}

// -----

// 1x128 scales on both operands (the weight-gradient recipe): B's scales
// are N-major like A's, one vector of the tile's columns per K block.
// CHECK-LABEL: gpu.func @wgrad
// CHECK-SAME:    %[[SB:[^:]*]]: memref<16x7168xf32>
// CHECK:         scf.for %[[KB:.*]] = {{.*}} iter_args(%[[IT:.*]] = %{{.*}})
// CHECK:           %[[SAT:.*]] = gemm.load %{{.*}}[%[[KB]], %{{.*}}] : memref<16x?xf32> -> tensor<128xf32>
// CHECK:           %[[SBT:.*]] = gemm.load %[[SB]][%[[KB]], %{{.*}}] : memref<16x7168xf32> -> tensor<128xf32>
// CHECK:           %[[P:.*]] = gemm.dot
// CHECK:           gemm.scale_add %[[IT]], %[[P]], %[[SAT]], %[[SBT]] : tensor<128x128xf32>, tensor<128xf32>, tensor<128xf32>
gemm.matmul @wgrad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = data_parallel>
}

// -----

// expected-error @+1 {{recipe (A #gemm.operand<f8E4M3FN, k_major, row_scale : f32>, B #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>) is not supported by gemm-expand yet: block scales need A block_scale [1, 128] with B block_scale [128, 128] or [1, 128]}}
gemm.matmul @mixed {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, row_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = data_parallel>
}

// -----

// UE8M0 block scales stored as bytes: the scale tensors and the values
// gemm.scale_add promotes with are f8E8M0FNU.
// CHECK-LABEL: gpu.func @ue8m0
// CHECK-SAME:    memref<16x?xf8E8M0FNU>
// CHECK-SAME:    memref<56x16xf8E8M0FNU>
// CHECK:         %[[SA:.*]] = gemm.load {{.*}} -> tensor<128xf8E8M0FNU>
// CHECK:         %[[SB:.*]] = gemm.load {{.*}} -> tensor<f8E8M0FNU>
// CHECK:         gemm.scale_add %{{.*}}, %{{.*}}, %[[SA]], %[[SB]] : tensor<128x128xf32>, tensor<128xf8E8M0FNU>, tensor<f8E8M0FNU>
gemm.matmul @ue8m0 {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f8E8M0FNU>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = data_parallel>
}

// -----

// expected-error @+1 {{is not supported by gemm-expand yet: f8E8M0FNU scales are supported for block scales only (store tensor and row scales as f32)}}
gemm.matmul @ue8m0_row {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, row_scale : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, row_scale : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = data_parallel>
}

// -----

// M-grouped, contiguous: B and its scales get a group dimension; the tile
// takes the group of its first row from m_indices and is skipped for -1.
// CHECK-LABEL: gpu.func @contiguous
// CHECK-SAME:    (%{{.*}}: memref<?x2048xf8E4M3FN>, %{{.*}}: memref<16x?xf32>, %[[B:.*]]: memref<?x7168x2048xf8E4M3FN>, %[[SB:.*]]: memref<?x56x16xf32>, %{{.*}}: memref<?x7168xbf16>, %[[IDX:.*]]: memref<?xi32>)
// CHECK:         %[[TM:.*]], %[[TN:.*]] = gemm.tile_coords
// CHECK:         %[[G32:.*]] = memref.load %[[IDX]][%{{.*}}] : memref<?xi32>
// CHECK:         %[[VALID:.*]] = arith.cmpi sge, %[[G32]], %{{.*}} : i32
// CHECK:         %[[G:.*]] = arith.index_cast %[[G32]] : i32 to index
// CHECK:         scf.if %[[VALID]] {
// CHECK:           scf.for
// CHECK:             gemm.load %[[B]][%[[G]], %[[TN]], %{{.*}}]
// CHECK:             gemm.load %[[SB]][%[[G]], %{{.*}}, %{{.*}}]
// CHECK:           gemm.store
gemm.matmul @contiguous {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = persistent>,
  grouping = m_contiguous
}

// -----

// M-grouped, masked: A and D are the groups' max_m rows stacked; group g's
// tiles are skipped past masked_m[g]; its A scales are the g-th block of
// K-block rows.
// CHECK-LABEL: gpu.func @masked
// CHECK-SAME:    %[[SA:[^:]*]]: memref<?x?xf32>
// CHECK-SAME:    %[[MASK:[^:]*]]: memref<?xi32>)
// CHECK:         %[[TM:.*]], %{{.*}} = gemm.tile_coords
// CHECK:         %[[G:.*]] = arith.divui %[[TM]], %[[PER:.*]] : index
// CHECK:         %[[LOCAL:.*]] = arith.remui %[[TM]], %[[PER]] : index
// CHECK:         memref.load %[[MASK]][%[[G]]] : memref<?xi32>
// CHECK:         scf.if
// CHECK:           gemm.load %[[SA]][%{{.*}}, %[[LOCAL]]] : memref<?x?xf32> -> tensor<128xf32>
gemm.matmul @masked {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = persistent>,
  grouping = m_masked
}

// -----

// K-grouped: the tiles run over groups x M tiles x N tiles; a tile's K loop
// starts after the earlier groups' K blocks (the sum of their ks / 128) and
// runs over its group's; A and its scales are indexed by the tile inside
// the group, C and D (the groups' outputs stacked) by the global one.
// CHECK-LABEL: gpu.func @wgrad
// CHECK-SAME:    %[[A:[^:]*]]: memref<256x?xf8E4M3FN>, %[[SA:[^:]*]]: memref<?x256xf32>,
// CHECK-SAME:    %[[B:[^:]*]]: memref<384x?xf8E4M3FN>, %[[SB:[^:]*]]: memref<?x384xf32>,
// CHECK-SAME:    %[[C:[^:]*]]: memref<?x384xf32>, %[[D:[^:]*]]: memref<?x384xf32>,
// CHECK-SAME:    %[[KS:[^:]*]]: memref<?xi32>)
// CHECK:         %[[GROUPS:.*]] = memref.dim %[[KS]]
// CHECK:         %[[ALL:.*]] = arith.muli %[[GROUPS]], %[[PER:.*]] : index
// CHECK:         %[[TM:.*]], %[[TN:.*]] = gemm.tile_coords grid[%[[ALL]],
// CHECK:         %[[G:.*]] = arith.divui %[[TM]], %[[PER]] : index
// CHECK:         %[[LOCAL:.*]] = arith.remui %[[TM]], %[[PER]] : index
// CHECK:         %[[FIRST:.*]] = scf.for %{{.*}} = %{{.*}} to %[[G]]
// CHECK:           memref.load %[[KS]]
// CHECK:         memref.load %[[KS]][%[[G]]]
// CHECK:         %[[END:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK:         scf.for %[[KB:.*]] = %[[FIRST]] to %[[END]]
// CHECK:           gemm.load %[[A]][%[[LOCAL]], %[[KB]]]
// CHECK:           gemm.load %[[B]][%[[TN]], %[[KB]]]
// CHECK:           gemm.load %[[SA]][%[[KB]], %[[LOCAL]]] : memref<?x256xf32> -> tensor<128xf32>
// CHECK:           gemm.load %[[SB]][%[[KB]], %[[TN]]] : memref<?x384xf32> -> tensor<128xf32>
// CHECK:           gemm.scale_add
// CHECK:         gemm.load %[[C]][%[[TM]], %[[TN]]]
// CHECK:         gemm.store %{{.*}}, %[[D]][%[[TM]], %[[TN]]]
gemm.matmul @wgrad {
  shape = [256, 384, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  c = #gemm.operand<f32, n_major>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = persistent>,
  grouping = k_contiguous
}

// -----

// expected-error @+1 {{M-grouped GEMMs are supported by gemm-expand for the block-scaled recipe (A block_scale [1, 128], B block_scale [128, 128]) without C only}}
gemm.matmul @grouped_tensor {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, tensor_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, tensor_scale : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [1, 1], schedule = persistent>,
  grouping = m_contiguous
}
