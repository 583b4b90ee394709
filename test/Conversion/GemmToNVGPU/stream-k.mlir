// RUN: gemm-opt %s -split-input-file --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s
// RUN: gemm-opt %s -split-input-file --gemm-select-config --gemm-expand '--convert-gemm-to-nvgpu=stream-k-min-blocks=16' | FileCheck %s --check-prefix=MIN16
// RUN: not gemm-opt %s -split-input-file --gemm-select-config --gemm-expand '--convert-gemm-to-nvgpu=stream-k-min-blocks=0' 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not gemm-opt %s -split-input-file '--gemm-to-ptx=stream-k-min-blocks=0' 2>&1 | FileCheck %s --check-prefix=BAD

// schedule = stream_k: the full rounds of tiles as the persistent schedule
// walks them, then the tiles left over shared out among the CTAs by K
// blocks; a piece of a tile publishes its fp32 partial in the workspace and
// the last piece adds them and writes the tile.

// 24 K blocks of a 256 x 128 tile, four an iteration (the loop's unroll),
// so a share is a multiple of four blocks: six granules a tile, at least
// two a share (8 blocks, the default stream-k-min-blocks), four with 16.
// CHECK-LABEL: gpu.func @wide
// The producer: rounds = tiles / grid, the rest shared.
// CHECK:         %[[TILES:.*]] = arith.muli %{{.*}}, %c16
// CHECK:         %[[ROUNDS:.*]] = arith.divui %[[TILES]], %grid_dim_x
// CHECK:         %[[FULL:.*]] = arith.muli %[[ROUNDS]], %grid_dim_x
// CHECK:         %[[SHARED:.*]] = arith.subi %[[TILES]], %[[FULL]]
// CHECK:         %[[UNITS:.*]] = arith.muli %[[SHARED]], %c6
// CHECK:         %[[FEWEST:.*]] = arith.divui %[[UNITS]], %c2
// CHECK:         %[[ATLEAST:.*]] = arith.maxui %[[SHARED]], %[[FEWEST]]
// CHECK:         arith.minui %grid_dim_x, %[[ATLEAST]]
// CHECK:         scf.for {{.*}} iter_args({{.*}}) -> (index, index)
// The math warpgroups: the K loop over the item's run-time share, four
// blocks an iteration and no loop for a rest.
// CHECK:         scf.for {{.*}} iter_args({{.*}}) -> (index, index)
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4{{.*}} -> ({{(f32, ){128}index}}, index, i1)
// CHECK-NOT:       scf.for
// A piece: the partial to the workspace, a fence, the count.
// CHECK:           scf.if %{{.*}} -> ({{.*}}, i1)
// CHECK:             llvm.store
// CHECK:             nvvm.memory.barrier <gpu>
// CHECK:             llvm.atomicrmw add
// The last piece adds the tile's partials, one piece after the other.
// CHECK:             nvvm.memory.barrier <gpu>
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> ({{(f32, ){127}f32}})
// CHECK-COUNT-128:     llvm.load volatile
// One epilogue, for whole tiles and added pieces alike (two TMA stores of
// 64 columns).
// CHECK:           scf.if %{{.*}} {
// CHECK-COUNT-2:     nvgpu.tma.async.store
// CHECK-NOT:       nvgpu.tma.async.store
// CHECK:         gemm.kernel_info @wide
// CHECK-SAME:    grid = "stream_k"
// CHECK-SAME:    {counter_bytes_per_tile = 4 : i64, kind = "workspace", partial_bytes_per_cta = 262144 : i64, partial_bytes_per_tile = 0 : i64}
// CHECK-SAME:    schedule = "stream_k"
// MIN16-LABEL: gpu.func @wide
// MIN16:         %[[UNITS:.*]] = arith.muli %{{.*}}, %c6
// MIN16:         arith.divui %[[UNITS]], %c4
// BAD: stream-k-min-blocks must be at least 1, got 0
gemm.matmul @wide {
  shape = [?, 2048, 3072],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128], schedule = stream_k>
}

// -----

// Nine K blocks: the 256 x 128 loop takes one an iteration, and shares are
// any number of blocks (granules of one).
// CHECK-LABEL: gpu.func @odd
// CHECK:         %[[UNITS:.*]] = arith.muli %{{.*}}, %c9
// CHECK:         arith.divui %[[UNITS]], %c8
// CHECK:         scf.for {{.*}} iter_args({{.*}}) -> (index, index)
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1{{.*}} -> ({{(f32, ){128}index}}, index, i1)
gemm.matmul @odd {
  shape = [?, 2048, 1152],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128], schedule = stream_k>
}
