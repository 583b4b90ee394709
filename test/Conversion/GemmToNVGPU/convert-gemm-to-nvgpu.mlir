// RUN: gemm-opt %s -split-input-file --convert-gemm-to-nvgpu -verify-diagnostics | FileCheck %s
// A block-scaled tile program becomes a warp-specialized TMA + wgmma kernel.

// CHECK-LABEL: gpu.module @deepseek_kernels
// CHECK:       gpu.func @deepseek(%[[DA:.*]]: !llvm.ptr, %[[DB:.*]]: !llvm.ptr, %[[DSA:.*]]: !llvm.ptr, %[[SB:.*]]: !llvm.ptr, %[[DD:.*]]: !llvm.ptr, %[[M:.*]]: i32) kernel
// CHECK-SAME:    known_block_size = array<i32: 384, 1, 1>, nvvm.minctasm = 1 : i32
// CHECK:         %[[TA:.*]] = builtin.unrealized_conversion_cast %[[DA]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<128x128xf8E4M3FN, #gpu.address_space<workgroup>>, swizzle = swizzle_128b
// CHECK:         %[[TSA:.*]] = builtin.unrealized_conversion_cast %[[DSA]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<1x128xf32, #gpu.address_space<workgroup>>, swizzle = none
// CHECK:         %[[TD:.*]] = builtin.unrealized_conversion_cast %[[DD]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<128x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b
// CHECK:         gpu.dynamic_shared_memory
// CHECK:         %[[FULL:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 2>
// CHECK:         %[[EMPTY:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 2>
// One arrival (the producer's expect-tx) fills a stage; the 8 math warps
// release it.
// CHECK:         nvgpu.mbarrier.init %[[FULL]][%{{.*}}], %c1 :
// CHECK:         nvgpu.mbarrier.init %[[EMPTY]][%{{.*}}], %c8 :
// CHECK:         gpu.barrier
// Producer warpgroup: gives up registers, then one thread streams stages.
// CHECK:         nvvm.setmaxregister  decrease 40
// CHECK:         scf.for
// CHECK:           nvgpu.mbarrier.try_wait.parity %[[EMPTY]]
// CHECK:           nvgpu.mbarrier.arrive.expect_tx %[[FULL]][%{{.*}}], %c33280
// CHECK-COUNT-3:   nvgpu.tma.async.load
// Math warpgroups: four m64n128k32 wgmmas per 128-K block into a fresh
// fragment. The loop computes four K blocks an iteration and the remainder
// follows it (here K = 256: both blocks after an empty loop). Block 1's
// wgmmas are issued before block 0 is promoted (wait until one group is
// left), so the promotion's FMAs overlap the tensor cores.
// CHECK:         nvvm.setmaxregister  increase 232
// CHECK:         scf.for
// CHECK:           llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK:           nvgpu.mbarrier.try_wait.parity %[[FULL]]
// CHECK-COUNT-2:   memref.load
// CHECK:           nvvm.wgmma.fence.aligned
// CHECK:           nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>, D[<f32>, <zero>], A[<e4m3>, <one>, <row>], B[<e4m3>, <one>, <col>]
// CHECK-COUNT-3:   nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>, D[<f32>, <one>]
// CHECK:           nvvm.wgmma.commit.group.sync.aligned
// CHECK-NOT:       nvvm.wgmma.wait.group.sync.aligned
// CHECK:           nvgpu.mbarrier.try_wait.parity %[[FULL]]
// CHECK-COUNT-4:   nvvm.wgmma.mma_async
// CHECK:           nvvm.wgmma.commit.group.sync.aligned
// CHECK:           nvvm.wgmma.wait.group.sync.aligned 1
// CHECK:           scf.if
// CHECK-NEXT:        nvgpu.mbarrier.arrive %[[EMPTY]]
// CHECK-COUNT-64:  llvm.intr.fma
// CHECK:           nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:           nvgpu.mbarrier.arrive %[[EMPTY]]
// CHECK-COUNT-64:  llvm.intr.fma
// CHECK:           scf.yield
// Epilogue: the bf16 tile goes to shared memory (32 pairs a thread), then
// one thread stores it with two TMA boxes of 64 columns.
// CHECK:         nvvm.cp.async.bulk.wait_group 0 {read}
// CHECK:         nvvm.barrier id = %{{.*}} number_of_threads = %{{.*}}
// CHECK-COUNT-32: memref.store {{.*}} : memref<8192xvector<2xbf16>, #gpu.address_space<workgroup>>
// CHECK:         nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK:         nvvm.barrier
// CHECK-COUNT-2: nvgpu.tma.async.store
// CHECK:         nvvm.cp.async.bulk.commit.group
// CHECK:         nvvm.cp.async.bulk.wait_group 0
// CHECK:       gemm.kernel_info @deepseek {a = {dtype = "f8E4M3FN", major = "k_major", scale = "block", scale_block = [1, 128], scale_dtype = "f32"}
// CHECK-SAME:    block = [384, 1, 1]
// CHECK-SAME:    grid = "tiles"
// CHECK-SAME:    params = [{box = [128, 128], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "a"}
// CHECK-SAME:    smem_bytes = 100352
// CHECK-SAME:    tile = [128, 128, 128]

gpu.module @deepseek_kernels {
  gpu.func @deepseek(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// One math warpgroup for a 64-row tile; 64 columns of bf16 are one
// 128-byte swizzle span, so one TMA box stores the tile.
// CHECK-LABEL: gpu.module @narrow_kernels
// CHECK:       gpu.func @narrow
// CHECK-SAME:    known_block_size = array<i32: 256, 1, 1>
// CHECK:         nvvm.wgmma.mma_async {{.*}} <m = 64, n = 64, k = 32>
// CHECK-COUNT-1: nvgpu.tma.async.store
// CHECK-NOT:     nvgpu.tma.async.store
// CHECK:       gemm.kernel_info @narrow
// CHECK-SAME:    block = [256, 1, 1]
gpu.module @narrow_kernels {
  gpu.func @narrow(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<200x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x200xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 200, 256>, config = #gemm.config<tile = [64, 64, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %m = memref.dim %A, %c0 : memref<?x256xf8E4M3FN>
    %mt = arith.ceildivui %m, %c2 : index
    %tm, %tn = gemm.tile_coords grid [%mt, %c2]
    %zero = arith.constant dense<0.0> : tensor<64x64xf32>
    %acc = scf.for %kb = %c0 to %c2 step %c1 iter_args(%acc_i = %zero) -> tensor<64x64xf32> {
      %a = gemm.load %A[%tm, %kb] : memref<?x256xf8E4M3FN> -> tensor<64x128xf8E4M3FN>
      %b = gemm.load %B[%tn, %kb] : memref<200x256xf8E4M3FN> -> tensor<64x128xf8E4M3FN>
      %sa = gemm.load %SA[%kb, %tm] : memref<2x?xf32> -> tensor<64xf32>
      %sb = gemm.load %SB[%tn, %kb] : memref<2x2xf32> -> tensor<f32>
      %p = gemm.dot %a, %b : tensor<64x128xf8E4M3FN>, tensor<64x128xf8E4M3FN> -> tensor<64x64xf32>
      %r = gemm.scale_add %acc_i, %p, %sa, %sb : tensor<64x64xf32>, tensor<64xf32>, tensor<f32>
      scf.yield %r : tensor<64x64xf32>
    }
    %o = arith.truncf %acc : tensor<64x64xf32> to tensor<64x64xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<64x64xbf16>, memref<?x200xbf16>
    gpu.return
  }
}

// -----

gpu.module @wide_kernels {
  // expected-error @+1 {{tile [128, 256] needs 256 accumulator registers a thread for the promotion (at most 192: tile N up to 192, or 128 for tile M 256)}}
  gpu.func @wide(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 256, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %m = memref.dim %A, %c0 : memref<?x256xf8E4M3FN>
    %mt = arith.ceildivui %m, %c2 : index
    %tm, %tn = gemm.tile_coords grid [%mt, %c1]
    %zero = arith.constant dense<0.0> : tensor<128x256xf32>
    %acc = scf.for %kb = %c0 to %c2 step %c1 iter_args(%acc_i = %zero) -> tensor<128x256xf32> {
      %a = gemm.load %A[%tm, %kb] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %b = gemm.load %B[%tn, %kb] : memref<256x256xf8E4M3FN> -> tensor<256x128xf8E4M3FN>
      %sa = gemm.load %SA[%kb, %tm] : memref<2x?xf32> -> tensor<128xf32>
      %sb = gemm.load %SB[%tn, %kb] : memref<2x2xf32> -> tensor<f32>
      %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<256x128xf8E4M3FN> -> tensor<128x256xf32>
      %r = gemm.scale_add %acc_i, %p, %sa, %sb : tensor<128x256xf32>, tensor<128xf32>, tensor<f32>
      scf.yield %r : tensor<128x256xf32>
    }
    %o = arith.truncf %acc : tensor<128x256xf32> to tensor<128x256xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x256xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// A 256-row tile: each of the two math warpgroups computes two waves of 64
// rows (two fragments), sharing B's stage; the stage is released after the
// second wave. The K loop carries both waves' accumulators as 2 x 64 floats,
// the block's ring position and the result of the test of its barrier made
// when the previous block's stage was released (ping-pong.mlir).
// Such a loop reads each block's 128x128 B scale from a copy of the
// tile's row that the math threads make in shared memory at the tile's
// start, behind the output tile, and meet after (docs/performance.md,
// item 44).
// CHECK-LABEL: gpu.module @tall_kernels
// CHECK:         memref.view %{{.*}}[%{{.*}}][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<2xf32, #gpu.address_space<workgroup>>
// CHECK:         scf.for
// CHECK:           llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK:           memref.store %{{.*}} : memref<2xf32, #gpu.address_space<workgroup>>
// CHECK:         nvvm.barrier id = %{{.*}} number_of_threads = %{{.*}}
// CHECK:         scf.for {{.*}} -> ({{(f32, ){128}index}}, index, i1)
// CHECK-NOT:       llvm.load {{.*}} -> f32
// CHECK:           memref.load %{{.*}} : memref<2xf32, #gpu.address_space<workgroup>>
// CHECK-COUNT-4:   nvvm.wgmma.mma_async
// CHECK:           nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT:       nvgpu.mbarrier.arrive
// CHECK-COUNT-4:   nvvm.wgmma.mma_async
// CHECK:           nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:           nvgpu.mbarrier.arrive
// CHECK:           nvvm.mbarrier.test.wait
// CHECK:       gemm.kernel_info @tall
// CHECK-SAME:    box = [128, 256]
gpu.module @tall_kernels {
  gpu.func @tall(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [256, 128, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %m = memref.dim %A, %c0 : memref<?x256xf8E4M3FN>
    %mt = arith.ceildivui %m, %c2 : index
    %tm, %tn = gemm.tile_coords grid [%mt, %c2]
    %zero = arith.constant dense<0.0> : tensor<256x128xf32>
    %acc = scf.for %kb = %c0 to %c2 step %c1 iter_args(%acc_i = %zero) -> tensor<256x128xf32> {
      %a = gemm.load %A[%tm, %kb] : memref<?x256xf8E4M3FN> -> tensor<256x128xf8E4M3FN>
      %b = gemm.load %B[%tn, %kb] : memref<256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %sa = gemm.load %SA[%kb, %tm] : memref<2x?xf32> -> tensor<256xf32>
      %sb = gemm.load %SB[%tn, %kb] : memref<2x2xf32> -> tensor<f32>
      %p = gemm.dot %a, %b : tensor<256x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<256x128xf32>
      %r = gemm.scale_add %acc_i, %p, %sa, %sb : tensor<256x128xf32>, tensor<256xf32>, tensor<f32>
      scf.yield %r : tensor<256x128xf32>
    }
    %o = arith.truncf %acc : tensor<256x128xf32> to tensor<256x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<256x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// 2-CTA clusters along M share B's tile: each CTA loads half of its rows
// (a 64-row box) and multicasts it; every math warp releases a stage in both
// CTAs (8 x 2 arrivals: lane r arrives in the CTA of rank r); the cluster
// meets after the barriers' init. Before exit the producer waits for the
// release of each of its stages (ring position: items done x 2 K blocks,
// plus 0 and 1), so that no multicast or remote arrival is in flight;
// no cluster barrier then.
// CHECK-LABEL: gpu.module @clustered_kernels
// CHECK: gpu.func @clustered({{.*}} kernel attributes {gemm.tensor_map_args = array<i64: 0, 1, 2, 4>, known_block_size = array<i32: 384, 1, 1>, known_cluster_size = array<i32: 2, 1, 1>
// CHECK: nvgpu.mbarrier.init %{{.*}}, %c16
// CHECK: nvvm.fence.mbarrier.init
// CHECK: gpu.cluster_block_id  x
// CHECK-NEXT: nvvm.cluster.arrive
// CHECK-NEXT: nvvm.cluster.wait
// CHECK: gpu.cluster_id  x
// CHECK-NEXT: gpu.cluster_dim  x
// CHECK: arith.muli %cluster_block_id_x, %c64
// CHECK: nvgpu.tma.async.load {{.*}} multicast_mask = %{{.*}} : <tensor = memref<64x128xf8E4M3FN, #gpu.address_space<workgroup>>
// CHECK: %[[END:.*]] = arith.muli %[[ITEMS:.*]], %c2{{.*}} : index
// CHECK: %[[LAST0:.*]] = arith.addi %[[END]], %c0{{.*}} : index
// CHECK: %[[STAGE0:.*]] = arith.remui %[[LAST0]], %c2{{.*}} : index
// CHECK: scf.if
// CHECK: nvgpu.mbarrier.try_wait.parity %[[EMPTY:.*]][%[[STAGE0]]]
// CHECK: %[[LAST1:.*]] = arith.addi %[[END]], %c1{{.*}} : index
// CHECK: %[[STAGE1:.*]] = arith.remui %[[LAST1]], %c2{{.*}} : index
// CHECK: scf.if
// CHECK: nvgpu.mbarrier.try_wait.parity %[[EMPTY]][%[[STAGE1]]]
// CHECK: } else {
// CHECK: %[[LANE:.*]] = arith.remui %{{.*}}, %c32
// CHECK: %[[ARRIVES:.*]] = arith.cmpi ult, %[[LANE]], %c2
// CHECK: scf.if %[[ARRIVES]] {
// CHECK: %[[RANK:.*]] = arith.index_castui %[[LANE]] : index to i32
// CHECK-NEXT: nvvm.mapa %{{.*}}, %[[RANK]] : !llvm.ptr<3> -> !llvm.ptr<7>
// CHECK-NEXT: nvvm.mbarrier.arrive %{{.*}} : !llvm.ptr<7>
// CHECK-NEXT: }
// CHECK-NOT: nvvm.cluster.arrive
// CHECK: gpu.return
// CHECK: gemm.kernel_info @clustered {{.*}}cluster = [2, 1]{{.*}}box = [128, 64], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "b"
gpu.module @clustered_kernels {
  gpu.func @clustered(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [2, 1], schedule = persistent>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// 2-CTA clusters along N share A's tile the same way: each CTA loads a
// 64-row box of A's 128 rows and multicasts it; the CTAs take consecutive
// tiles of a row (tile N index = 2 x the cluster's + rank), and a tile past
// N (N's tiles odd in number) reads N's last row of B scales.
// CHECK-LABEL: gpu.module @clustered_n_kernels
// CHECK: gpu.func @clustered({{.*}} kernel attributes {{.*}}known_cluster_size = array<i32: 2, 1, 1>
// CHECK: nvgpu.mbarrier.init %{{.*}}, %c16
// CHECK: %[[RANK:.*]] = gpu.cluster_block_id  x
// CHECK: arith.muli %{{.*}}, %c2
// CHECK-NEXT: arith.addi %{{.*}}, %[[RANK]]
// CHECK: arith.muli %[[RANK]], %c64
// CHECK: nvgpu.tma.async.load {{.*}} multicast_mask = %{{.*}} : <tensor = memref<64x128xf8E4M3FN, #gpu.address_space<workgroup>>
// CHECK: arith.minui %{{.*}}, %c1
// CHECK: gemm.kernel_info @clustered {{.*}}cluster = [1, 2]{{.*}}box = [128, 64], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "a"
gpu.module @clustered_n_kernels {
  gpu.func @clustered(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 2], schedule = persistent>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

gpu.module @clustered_2x2_kernels {
  // expected-error @+1 {{cluster [2, 2] is not supported by the lowering yet (2 CTAs along M or along N, or none)}}
  gpu.func @clustered(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [2, 2], schedule = data_parallel>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

gpu.module @stream_k_cluster_kernels {
  // A hand-written tile program has not been through the spec verifier.
  // expected-error @+1 {{schedule stream_k is lowered for ungrouped GEMMs of a static K without C, split_k, swap_ab or clusters only}}
  gpu.func @stream_k_pair(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [2, 1], schedule = stream_k>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// The persistent schedule walks tiles bid, bid + grid, ... and says so in
// the launch metadata.
// CHECK-LABEL: gpu.module @persistent_kernels
// CHECK:         %[[GRID:.*]] = gpu.grid_dim  x
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[GRID]]
// CHECK:       gemm.kernel_info @persistent
// CHECK-SAME:    grid = "persistent"
gpu.module @persistent_kernels {
  gpu.func @persistent(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 1], schedule = persistent>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

gpu.module @nospec_kernels {
  // expected-error @+1 {{tile program has no 'gemm.spec' attribute with its spec}}
  gpu.func @nospec(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// A hand-written tile program's config has not been through the spec
// verifier; the lowering bounds it (fuzzing found 10^9 stages hanging it).
gpu.module @greedy_kernels {
  // expected-error @+1 {{stages 1000000000 must be in [1, 64]}}
  gpu.func @greedy(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 1000000000, cluster = [1, 1], schedule = data_parallel>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

gpu.module @oversized_kernels {
  // expected-error @+1 {{the kernel needs 366592 bytes of shared memory for tile [128, 128, 128] with 10 stages, over the 232448 bytes of an sm_90 CTA}}
  gpu.func @oversized(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 10, cluster = [1, 1], schedule = data_parallel>}} {
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
      scf.yield %r : tensor<128x128xf32>
    }
    %o = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// Without block scales the wgmmas accumulate over all of K (every wgmma
// scales D by one): each block's group is committed before the previous one
// is waited for, and then that block's stage is released. bf16 operands
// take m64nNk16 wgmmas over 64-element (128-byte) K blocks. C is TMA-loaded
// into the staging buffer (its own mbarrier) and added to the fragment.
// CHECK-LABEL: gpu.module @accumulate_kernels
// CHECK:       gpu.func @accumulate(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %[[DC:.*]]: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i32)
// CHECK:         %[[TC:.*]] = builtin.unrealized_conversion_cast %[[DC]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<128x32xf32, #gpu.address_space<workgroup>>, swizzle = swizzle_128b
// CHECK:         %[[CFULL:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>>
// CHECK:         nvgpu.mbarrier.arrive.expect_tx %{{.*}}, %c32768
// CHECK-COUNT-2:   nvgpu.tma.async.load
// CHECK:         nvvm.setmaxregister  increase 232
// CHECK:         nvvm.wgmma.fence.aligned
// CHECK-COUNT-4:   nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>]
// CHECK:         nvvm.wgmma.commit.group.sync.aligned
// CHECK-NOT:     nvgpu.mbarrier.arrive
// CHECK:         nvgpu.mbarrier.try_wait.parity
// CHECK-COUNT-4:   nvvm.wgmma.mma_async {{.*}} D[<f32>, <one>]
// CHECK:         nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT:    nvvm.wgmma.wait.group.sync.aligned 1
// CHECK:         nvgpu.mbarrier.arrive
// CHECK:         nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:         nvgpu.mbarrier.arrive
// CHECK:         nvgpu.mbarrier.arrive.expect_tx %[[CFULL]][%{{.*}}], %c65536
// CHECK-COUNT-4: nvgpu.tma.async.load %[[TC]]
// CHECK:         nvgpu.mbarrier.try_wait.parity %[[CFULL]]
// CHECK:         memref.load {{.*}} : memref<8192xvector<2xf32>, #gpu.address_space<workgroup>>
// CHECK:         arith.addf
// CHECK:         memref.store {{.*}} : memref<8192xvector<2xf32>, #gpu.address_space<workgroup>>
// CHECK:       gemm.kernel_info @accumulate
// CHECK-SAME:    c = {dtype = "f32", major = "n_major", scale = "none"}
// CHECK-SAME:    {box = [32, 128], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "c"}
gpu.module @accumulate_kernels {
  gpu.func @accumulate(%arg0: memref<?x128xbf16>, %arg1: memref<256x128xbf16>, %arg2: memref<?x256xf32>, %arg3: memref<?x256xf32>) kernel attributes {gemm.spec = {a = #gemm.operand<bf16, k_major>, b = #gemm.operand<bf16, k_major>, c = #gemm.operand<f32, n_major>, config = #gemm.config<tile = [128, 128, 64], stages = 2, cluster = [1, 1], schedule = data_parallel>, d = #gemm.operand<f32, n_major>, shape = array<i64: -9223372036854775808, 256, 128>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x128xbf16>
    %c128 = arith.constant 128 : index
    %0 = arith.ceildivui %dim, %c128 : index
    %c2 = arith.constant 2 : index
    %m, %n = gemm.tile_coords grid[%0, %c2]
    %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
    %c0_0 = arith.constant 0 : index
    %c2_1 = arith.constant 2 : index
    %c1 = arith.constant 1 : index
    %1 = scf.for %arg4 = %c0_0 to %c2_1 step %c1 iter_args(%arg5 = %cst) -> (tensor<128x128xf32>) {
      %4 = gemm.load %arg0[%m, %arg4] : memref<?x128xbf16> -> tensor<128x64xbf16>
      %5 = gemm.load %arg1[%n, %arg4] : memref<256x128xbf16> -> tensor<128x64xbf16>
      %6 = gemm.dot %4, %5, %arg5 : tensor<128x64xbf16>, tensor<128x64xbf16> -> tensor<128x128xf32>
      scf.yield %6 : tensor<128x128xf32>
    }
    %2 = gemm.load %arg2[%m, %n] : memref<?x256xf32> -> tensor<128x128xf32>
    %3 = arith.addf %1, %2 : tensor<128x128xf32>
    gemm.store %3, %arg3[%m, %n] : tensor<128x128xf32>, memref<?x256xf32>
    gpu.return
  }
}

// -----

// Row scales of A and the tensor scale of B multiply the sum in the
// epilogue: the row's scale (clamped at M) and the one value, from global
// memory. FP8 operands: each group of K blocks (here both) accumulates in a
// fresh fragment (the group's first wgmma scales D by zero), added to the
// fp32 accumulator once the group is done.
// CHECK-LABEL: gpu.module @rowscaled_kernels
// CHECK:       gpu.func @rowscaled(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %[[SA:.*]]: !llvm.ptr, %[[SB:.*]]: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i32)
// CHECK-COUNT-2: nvgpu.tma.async.load
// CHECK-NOT:     nvgpu.tma.async.load
// CHECK:         nvvm.wgmma.mma_async {{.*}} <m = 64, n = 64, k = 32>, D[<f32>, <zero>], A[<e4m3>, <one>, <row>], B[<e5m2>, <one>, <col>]
// CHECK-COUNT-7: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 64, k = 32>, D[<f32>, <one>]
// CHECK:         nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:         nvgpu.mbarrier.arrive
// CHECK-COUNT-32: arith.addf {{.*}} : f32
// CHECK:         llvm.getelementptr %[[SB]]
// CHECK:         %[[ROW:.*]] = arith.minui
// CHECK:         llvm.getelementptr %[[SA]]
// CHECK:         arith.mulf
// CHECK:         arith.mulf
// CHECK:         arith.truncf {{.*}} : f32 to bf16
// CHECK:       gemm.kernel_info @rowscaled
// CHECK-SAME:    {kind = "pointer", tensor = "sa"}, {kind = "pointer", tensor = "sb"}
gpu.module @rowscaled_kernels {
  gpu.func @rowscaled(%arg0: memref<?x256xf8E4M3FN>, %arg1: memref<?xf32>, %arg2: memref<256x256xf8E5M2>, %arg3: memref<1xf32>, %arg4: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, row_scale : f32>, b = #gemm.operand<f8E5M2, k_major, tensor_scale : f32>, config = #gemm.config<tile = [64, 64, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -9223372036854775808, 256, 256>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x256xf8E4M3FN>
    %c64 = arith.constant 64 : index
    %0 = arith.ceildivui %dim, %c64 : index
    %c4 = arith.constant 4 : index
    %m, %n = gemm.tile_coords grid[%0, %c4]
    %cst = arith.constant dense<0.000000e+00> : tensor<64x64xf32>
    %c0_0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c1 = arith.constant 1 : index
    %1 = scf.for %arg5 = %c0_0 to %c2 step %c1 iter_args(%arg6 = %cst) -> (tensor<64x64xf32>) {
      %6 = gemm.load %arg0[%m, %arg5] : memref<?x256xf8E4M3FN> -> tensor<64x128xf8E4M3FN>
      %7 = gemm.load %arg2[%n, %arg5] : memref<256x256xf8E5M2> -> tensor<64x128xf8E5M2>
      %8 = gemm.dot %6, %7, %arg6 : tensor<64x128xf8E4M3FN>, tensor<64x128xf8E5M2> -> tensor<64x64xf32>
      scf.yield %8 : tensor<64x64xf32>
    }
    %2 = gemm.load %arg1[%m] : memref<?xf32> -> tensor<64xf32>
    %c0_1 = arith.constant 0 : index
    %3 = gemm.load %arg3[%c0_1] : memref<1xf32> -> tensor<f32>
    %4 = gemm.scale_add %cst, %1, %2, %3 : tensor<64x64xf32>, tensor<64xf32>, tensor<f32>
    %5 = arith.truncf %4 : tensor<64x64xf32> to tensor<64x64xbf16>
    gemm.store %5, %arg4[%m, %n] : tensor<64x64xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// 1x128 scales on both operands: B's scale vector travels by TMA with the
// stage, and each product is scaled by its row's and its column's scale.
// Two K blocks an iteration: the second block's wgmmas are committed before
// the first block is promoted. A stage is released after its promotion,
// which reads it.
// CHECK-LABEL: gpu.module @wgrad_kernels
// CHECK:         nvgpu.mbarrier.arrive.expect_tx %{{.*}}, %c33792
// CHECK-COUNT-4:   nvgpu.tma.async.load
// CHECK:         nvvm.wgmma.commit.group.sync.aligned
// CHECK:         nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT:    nvvm.wgmma.wait.group.sync.aligned 1
// CHECK:         memref.load {{.*}} : memref<128xf32, #gpu.address_space<workgroup>>
// CHECK:         arith.mulf
// CHECK:         llvm.intr.fma
// CHECK:         nvgpu.mbarrier.arrive
// CHECK:         nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:       gemm.kernel_info @wgrad
// CHECK-SAME:    {box = [128, 1], kind = "tensor_map", pass = "grid_constant", swizzle = 0 : i64, tensor = "sb"}
gpu.module @wgrad_kernels {
  gpu.func @wgrad(%arg0: memref<?x256xf8E4M3FN>, %arg1: memref<2x?xf32>, %arg2: memref<256x256xf8E4M3FN>, %arg3: memref<2x256xf32>, %arg4: memref<?x256xf32>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>, d = #gemm.operand<f32, n_major>, shape = array<i64: -9223372036854775808, 256, 256>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x256xf8E4M3FN>
    %c128 = arith.constant 128 : index
    %0 = arith.ceildivui %dim, %c128 : index
    %c2 = arith.constant 2 : index
    %m, %n = gemm.tile_coords grid[%0, %c2]
    %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
    %c0_0 = arith.constant 0 : index
    %c2_1 = arith.constant 2 : index
    %c1 = arith.constant 1 : index
    %1 = scf.for %arg5 = %c0_0 to %c2_1 step %c1 iter_args(%arg6 = %cst) -> (tensor<128x128xf32>) {
      %2 = gemm.load %arg0[%m, %arg5] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %3 = gemm.load %arg2[%n, %arg5] : memref<256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %4 = gemm.load %arg1[%arg5, %m] : memref<2x?xf32> -> tensor<128xf32>
      %5 = gemm.load %arg3[%arg5, %n] : memref<2x256xf32> -> tensor<128xf32>
      %6 = gemm.dot %2, %3 : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
      %7 = gemm.scale_add %arg6, %6, %4, %5 : tensor<128x128xf32>, tensor<128xf32>, tensor<128xf32>
      scf.yield %7 : tensor<128x128xf32>
    }
    gemm.store %1, %arg4[%m, %n] : tensor<128x128xf32>, memref<?x256xf32>
    gpu.return
  }
}

// -----

// Split-K: two CTAs per tile, each over half of the K blocks (the item loop
// runs over tiles x 2, the K loop over 2 of the 4 blocks). Each writes its
// fp32 fragments to the workspace, fences, and the storing thread counts
// the split in the tile's counter; the last split adds both partials in
// split order (volatile loads past L1), resets the counter and stores D.
// CHECK-LABEL: gpu.module @splitk_kernels
// CHECK:       gpu.func @splitk({{.*}}, %[[WS:.*]]: !llvm.ptr, %{{.*}}: i32) kernel
// CHECK:         nvvm.setmaxregister  increase 232
// CHECK-COUNT-64: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr
// CHECK:         nvvm.memory.barrier <gpu>
// CHECK:         nvvm.barrier
// CHECK:         llvm.atomicrmw add %{{.*}}, %{{.*}} monotonic : !llvm.ptr, i32
// CHECK:         nvvm.barrier
// CHECK:         scf.if
// CHECK:           nvvm.memory.barrier <gpu>
// CHECK-COUNT-128: llvm.load volatile
// CHECK:           llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr
// CHECK:           nvgpu.tma.async.store
// CHECK:       gemm.kernel_info @splitk
// CHECK-SAME:    {counter_bytes_per_tile = 4 : i64, kind = "workspace", partial_bytes_per_tile = 65536 : i64}
// CHECK-SAME:    split_k = 2
gpu.module @splitk_kernels {
  gpu.func @splitk(%arg0: memref<?x512xf8E4M3FN>, %arg1: memref<4x?xf32>, %arg2: memref<256x512xf8E4M3FN>, %arg3: memref<2x4xf32>, %arg4: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, config = #gemm.config<tile = [64, 128, 128], stages = 2, cluster = [1, 1], schedule = persistent, split_k = 2>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -9223372036854775808, 256, 512>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x512xf8E4M3FN>
    %c64 = arith.constant 64 : index
    %0 = arith.ceildivui %dim, %c64 : index
    %c2 = arith.constant 2 : index
    %m, %n = gemm.tile_coords grid[%0, %c2]
    %cst = arith.constant dense<0.000000e+00> : tensor<64x128xf32>
    %c0_0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c1 = arith.constant 1 : index
    %1 = scf.for %arg5 = %c0_0 to %c4 step %c1 iter_args(%arg6 = %cst) -> (tensor<64x128xf32>) {
      %3 = gemm.load %arg0[%m, %arg5] : memref<?x512xf8E4M3FN> -> tensor<64x128xf8E4M3FN>
      %4 = gemm.load %arg2[%n, %arg5] : memref<256x512xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %5 = gemm.load %arg1[%arg5, %m] : memref<4x?xf32> -> tensor<64xf32>
      %c128 = arith.constant 128 : index
      %6 = arith.muli %n, %c128 : index
      %c128_1 = arith.constant 128 : index
      %7 = arith.divui %6, %c128_1 : index
      %8 = gemm.load %arg3[%7, %arg5] : memref<2x4xf32> -> tensor<f32>
      %9 = gemm.dot %3, %4 : tensor<64x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<64x128xf32>
      %10 = gemm.scale_add %arg6, %9, %5, %8 : tensor<64x128xf32>, tensor<64xf32>, tensor<f32>
      scf.yield %10 : tensor<64x128xf32>
    }
    %2 = arith.truncf %1 : tensor<64x128xf32> to tensor<64x128xbf16>
    gemm.store %2, %arg4[%m, %n] : tensor<64x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// M-grouped, contiguous: the tile loops of producer and math read the group
// of the tile's first row from m_indices, skip tiles marked -1 without
// advancing the stage ring (the count of processed tiles is carried), and
// offset B's rows and the B scales by the group.
// CHECK-LABEL: gpu.module @contiguous_kernels
// CHECK:       gpu.func @contiguous({{.*}}, %[[IDX:[^:]*]]: !llvm.ptr, %{{.*}}: i32) kernel
// CHECK:         scf.for %{{.*}} = %block_id_x to %{{.*}} step %grid_dim_x iter_args(%[[COUNT:.*]] = %{{.*}}) -> (index)
// CHECK:           %[[GADDR:.*]] = llvm.getelementptr %[[IDX]]
// CHECK:           %[[G:.*]] = llvm.load %[[GADDR]] : !llvm.ptr -> i32
// CHECK:           %[[VALID:.*]] = arith.cmpi sge, %[[G]], %{{.*}} : i32
// CHECK:           scf.if %[[VALID]]
// CHECK:             nvgpu.tma.async.load
// CHECK:           arith.select %[[VALID]], %{{.*}}, %[[COUNT]] : index
// CHECK:       gemm.kernel_info @contiguous
// CHECK-SAME:    grouping = {kind = "m_contiguous", m_alignment = 128 : i64}
// CHECK-SAME:    {kind = "pointer", tensor = "m_indices"}, {kind = "i32", value = "m"}
gpu.module @contiguous_kernels {
  gpu.func @contiguous(%arg0: memref<?x256xf8E4M3FN>, %arg1: memref<2x?xf32>, %arg2: memref<?x256x256xf8E4M3FN>, %arg3: memref<?x2x2xf32>, %arg4: memref<?x256xbf16>, %arg5: memref<?xi32>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 1], schedule = persistent>, d = #gemm.operand<bf16, n_major>, grouping = 0 : i32, shape = array<i64: -9223372036854775808, 256, 256>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x256xf8E4M3FN>
    %c128 = arith.constant 128 : index
    %0 = arith.ceildivui %dim, %c128 : index
    %c2 = arith.constant 2 : index
    %m, %n = gemm.tile_coords grid[%0, %c2]
    %c128_0 = arith.constant 128 : index
    %1 = arith.muli %m, %c128_0 : index
    %2 = memref.load %arg5[%1] : memref<?xi32>
    %c0_i32 = arith.constant 0 : i32
    %3 = arith.cmpi sge, %2, %c0_i32 : i32
    %4 = arith.index_cast %2 : i32 to index
    scf.if %3 {
      %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
      %c0_1 = arith.constant 0 : index
      %c2_2 = arith.constant 2 : index
      %c1 = arith.constant 1 : index
      %5 = scf.for %arg6 = %c0_1 to %c2_2 step %c1 iter_args(%arg7 = %cst) -> (tensor<128x128xf32>) {
        %7 = gemm.load %arg0[%m, %arg6] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %8 = gemm.load %arg2[%4, %n, %arg6] : memref<?x256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %9 = gemm.load %arg1[%arg6, %m] : memref<2x?xf32> -> tensor<128xf32>
        %c128_3 = arith.constant 128 : index
        %10 = arith.muli %n, %c128_3 : index
        %c128_4 = arith.constant 128 : index
        %11 = arith.divui %10, %c128_4 : index
        %12 = gemm.load %arg3[%4, %11, %arg6] : memref<?x2x2xf32> -> tensor<f32>
        %13 = gemm.dot %7, %8 : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
        %14 = gemm.scale_add %arg7, %13, %9, %12 : tensor<128x128xf32>, tensor<128xf32>, tensor<f32>
        scf.yield %14 : tensor<128x128xf32>
      }
      %6 = arith.truncf %5 : tensor<128x128xf32> to tensor<128x128xbf16>
      gemm.store %6, %arg4[%m, %n] : tensor<128x128xbf16>, memref<?x256xbf16>
    }
    gpu.return
  }
}

// -----

// M-grouped, masked: tiles run over groups x (max_m / tile M) x N tiles,
// and a tile past masked_m[g] is skipped; the kernel takes G after M.
// CHECK-LABEL: gpu.module @masked_kernels
// CHECK:       gpu.func @masked({{.*}}, %[[MASK:[^:]*]]: !llvm.ptr, %{{.*}}: i32, %{{.*}}: i32) kernel
// CHECK:           llvm.getelementptr %[[MASK]]
// CHECK:           arith.cmpi ult
// CHECK:       gemm.kernel_info @masked
// CHECK-SAME:    grouping = {kind = "m_masked", m_alignment = 128 : i64}
// CHECK-SAME:    {kind = "pointer", tensor = "masked_m"}, {kind = "i32", value = "m"}, {kind = "i32", value = "groups"}
gpu.module @masked_kernels {
  gpu.func @masked(%arg0: memref<?x256xf8E4M3FN>, %arg1: memref<?x?xf32>, %arg2: memref<?x256x256xf8E4M3FN>, %arg3: memref<?x2x2xf32>, %arg4: memref<?x256xbf16>, %arg5: memref<?xi32>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 1], schedule = persistent>, d = #gemm.operand<bf16, n_major>, grouping = 1 : i32, shape = array<i64: -9223372036854775808, 256, 256>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x256xf8E4M3FN>
    %c128 = arith.constant 128 : index
    %0 = arith.ceildivui %dim, %c128 : index
    %c2 = arith.constant 2 : index
    %m, %n = gemm.tile_coords grid[%0, %c2]
    %c0_0 = arith.constant 0 : index
    %dim_1 = memref.dim %arg5, %c0_0 : memref<?xi32>
    %1 = arith.divui %dim, %dim_1 : index
    %c128_2 = arith.constant 128 : index
    %2 = arith.ceildivui %1, %c128_2 : index
    %3 = arith.divui %m, %2 : index
    %4 = arith.remui %m, %2 : index
    %c2_3 = arith.constant 2 : index
    %5 = arith.muli %3, %c2_3 : index
    %6 = memref.load %arg5[%3] : memref<?xi32>
    %7 = arith.index_cast %6 : i32 to index
    %c128_4 = arith.constant 128 : index
    %8 = arith.muli %4, %c128_4 : index
    %9 = arith.cmpi ult, %8, %7 : index
    scf.if %9 {
      %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
      %c0_5 = arith.constant 0 : index
      %c2_6 = arith.constant 2 : index
      %c1 = arith.constant 1 : index
      %10 = scf.for %arg6 = %c0_5 to %c2_6 step %c1 iter_args(%arg7 = %cst) -> (tensor<128x128xf32>) {
        %12 = gemm.load %arg0[%m, %arg6] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %13 = gemm.load %arg2[%3, %n, %arg6] : memref<?x256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %14 = arith.addi %5, %arg6 : index
        %15 = gemm.load %arg1[%14, %4] : memref<?x?xf32> -> tensor<128xf32>
        %c128_7 = arith.constant 128 : index
        %16 = arith.muli %n, %c128_7 : index
        %c128_8 = arith.constant 128 : index
        %17 = arith.divui %16, %c128_8 : index
        %18 = gemm.load %arg3[%3, %17, %arg6] : memref<?x2x2xf32> -> tensor<f32>
        %19 = gemm.dot %12, %13 : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
        %20 = gemm.scale_add %arg7, %19, %15, %18 : tensor<128x128xf32>, tensor<128xf32>, tensor<f32>
        scf.yield %20 : tensor<128x128xf32>
      }
      %11 = arith.truncf %10 : tensor<128x128xf32> to tensor<128x128xbf16>
      gemm.store %11, %arg4[%m, %n] : tensor<128x128xbf16>, memref<?x256xbf16>
    }
    gpu.return
  }
}

// -----

// K-grouped: tiles run over groups x M tiles x N tiles, group after group;
// a CTA adds up the K blocks of the groups it passed since its last tile
// (the carried group and first block), and its producer and math loops run
// over the tile's group's ks[g] / 128 blocks; the stage ring position is
// carried too. The kernel takes ks, then M and G.
// CHECK-LABEL: gpu.module @wgrad_kernels
// CHECK:       gpu.func @wgrad({{.*}}, %[[KS:[^:]*]]: !llvm.ptr, %{{.*}}: i32, %{{.*}}: i32) kernel
// CHECK:         scf.for %{{.*}} = %block_id_x to %{{.*}} step %grid_dim_x iter_args(%{{.*}} = %{{.*}}, %[[RING:.*]] = %{{.*}}, %[[LASTG:.*]] = %{{.*}}, %[[LASTK:.*]] = %{{.*}}) -> (index, index, index, index)
// CHECK:           %[[FIRST:.*]] = scf.for %{{.*}} = %[[LASTG]] to %[[G:.*]] step %{{.*}} iter_args(%{{.*}} = %[[LASTK]]) -> (index)
// CHECK:             llvm.getelementptr %[[KS]]
// CHECK:           llvm.getelementptr %[[KS]]
// CHECK:           scf.for %{{.*}} = %{{.*}} to %[[COUNT:.*]] step
// CHECK:             nvgpu.tma.async.load
// CHECK:           scf.yield %{{.*}}, %{{.*}}, %[[G]], %[[FIRST]] : index, index, index, index
// CHECK:       gemm.kernel_info @wgrad
// CHECK-SAME:    grouping = {k_alignment = 128 : i64, kind = "k_contiguous", m_alignment = 128 : i64}
// CHECK-SAME:    {kind = "pointer", tensor = "ks"}, {kind = "i32", value = "m"}, {kind = "i32", value = "groups"}
// CHECK-SAME:    shape = [256, 384, -1]
  gpu.module @wgrad_kernels {
    gpu.func @wgrad(%arg0: memref<256x?xf8E4M3FN>, %arg1: memref<?x256xf32>, %arg2: memref<384x?xf8E4M3FN>, %arg3: memref<?x384xf32>, %arg4: memref<?x384xf32>, %arg5: memref<?x384xf32>, %arg6: memref<?xi32>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, c = #gemm.operand<f32, n_major>, config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = persistent>, d = #gemm.operand<f32, n_major>, grouping = 2 : i32, shape = array<i64: 256, 384, -9223372036854775808>}} {
      %c0 = arith.constant 0 : index
      %dim = memref.dim %arg0, %c0 : memref<256x?xf8E4M3FN>
      %c128 = arith.constant 128 : index
      %0 = arith.ceildivui %dim, %c128 : index
      %c3 = arith.constant 3 : index
      %c0_0 = arith.constant 0 : index
      %dim_1 = memref.dim %arg6, %c0_0 : memref<?xi32>
      %1 = arith.muli %dim_1, %0 : index
      %m, %n = gemm.tile_coords grid[%1, %c3]
      %c0_2 = arith.constant 0 : index
      %c0_3 = arith.constant 0 : index
      %2 = arith.divui %m, %0 : index
      %3 = arith.remui %m, %0 : index
      %c0_4 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c0_5 = arith.constant 0 : index
      %4 = scf.for %arg7 = %c0_4 to %2 step %c1 iter_args(%arg8 = %c0_5) -> (index) {
        %12 = memref.load %arg6[%arg7] : memref<?xi32>
        %13 = arith.index_cast %12 : i32 to index
        %c128_8 = arith.constant 128 : index
        %14 = arith.divui %13, %c128_8 : index
        %15 = arith.addi %arg8, %14 : index
        scf.yield %15 : index
      }
      %5 = memref.load %arg6[%2] : memref<?xi32>
      %6 = arith.index_cast %5 : i32 to index
      %c128_6 = arith.constant 128 : index
      %7 = arith.divui %6, %c128_6 : index
      %8 = arith.addi %4, %7 : index
      %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
      %c1_7 = arith.constant 1 : index
      %9 = scf.for %arg7 = %4 to %8 step %c1_7 iter_args(%arg8 = %cst) -> (tensor<128x128xf32>) {
        %12 = gemm.load %arg0[%3, %arg7] : memref<256x?xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %13 = gemm.load %arg2[%n, %arg7] : memref<384x?xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %14 = gemm.load %arg1[%arg7, %3] : memref<?x256xf32> -> tensor<128xf32>
        %15 = gemm.load %arg3[%arg7, %n] : memref<?x384xf32> -> tensor<128xf32>
        %16 = gemm.dot %12, %13 : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
        %17 = gemm.scale_add %arg8, %16, %14, %15 : tensor<128x128xf32>, tensor<128xf32>, tensor<128xf32>
        scf.yield %17 : tensor<128x128xf32>
      }
      %10 = gemm.load %arg4[%m, %n] : memref<?x384xf32> -> tensor<128x128xf32>
      %11 = arith.addf %9, %10 : tensor<128x128xf32>
      gemm.store %11, %arg5[%m, %n] : tensor<128x128xf32>, memref<?x384xf32>
      gpu.return
    }
  }

// -----

// UE8M0 block scales stored as bytes (f8E8M0FNU): A's scale vector is a
// byte box of the stage (the stage expects 128 bytes of it), B's scale a
// byte load; each byte e becomes the float with exponent field e, 2^(e-127).
// CHECK-LABEL: gpu.module @ue8m0_kernels
// CHECK:         nvgpu.mbarrier.arrive.expect_tx %{{.*}}, %c32896
// CHECK:         nvgpu.tma.async.load {{.*}} to %{{.*}} : <tensor = memref<1x128xi8, #gpu.address_space<workgroup>>
// CHECK:         %[[SB:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i8
// CHECK:         %[[E:.*]] = arith.extui %[[SB]] : i8 to i32
// CHECK:         arith.shli %[[E]], %c23_i32
// CHECK:         arith.bitcast %{{.*}} : i32 to f32
// CHECK:         memref.load %{{.*}} : memref<128xi8, #gpu.address_space<workgroup>>
// CHECK:       gemm.kernel_info @ue8m0
// CHECK-SAME:    scale_block = [1, 128], scale_dtype = "f8E8M0FNU"
  gpu.module @ue8m0_kernels {
    gpu.func @ue8m0(%arg0: memref<?x256xf8E4M3FN>, %arg1: memref<2x?xf8E8M0FNU>, %arg2: memref<256x256xf8E4M3FN>, %arg3: memref<2x2xf8E8M0FNU>, %arg4: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f8E8M0FNU>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [1, 1], schedule = persistent>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -9223372036854775808, 256, 256>}} {
      %c0 = arith.constant 0 : index
      %dim = memref.dim %arg0, %c0 : memref<?x256xf8E4M3FN>
      %c128 = arith.constant 128 : index
      %0 = arith.ceildivui %dim, %c128 : index
      %c2 = arith.constant 2 : index
      %m, %n = gemm.tile_coords grid[%0, %c2]
      %c0_0 = arith.constant 0 : index
      %c2_1 = arith.constant 2 : index
      %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
      %c1 = arith.constant 1 : index
      %1 = scf.for %arg5 = %c0_0 to %c2_1 step %c1 iter_args(%arg6 = %cst) -> (tensor<128x128xf32>) {
        %3 = gemm.load %arg0[%m, %arg5] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %4 = gemm.load %arg2[%n, %arg5] : memref<256x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
        %5 = gemm.load %arg1[%arg5, %m] : memref<2x?xf8E8M0FNU> -> tensor<128xf8E8M0FNU>
        %c128_2 = arith.constant 128 : index
        %6 = arith.muli %n, %c128_2 : index
        %c128_3 = arith.constant 128 : index
        %7 = arith.divui %6, %c128_3 : index
        %8 = gemm.load %arg3[%7, %arg5] : memref<2x2xf8E8M0FNU> -> tensor<f8E8M0FNU>
        %9 = gemm.dot %3, %4 : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
        %10 = gemm.scale_add %arg6, %9, %5, %8 : tensor<128x128xf32>, tensor<128xf8E8M0FNU>, tensor<f8E8M0FNU>
        scf.yield %10 : tensor<128x128xf32>
      }
      %2 = arith.truncf %1 : tensor<128x128xf32> to tensor<128x128xbf16>
      gemm.store %2, %arg4[%m, %n] : tensor<128x128xbf16>, memref<?x256xbf16>
      gpu.return
    }
  }

// -----

// MN-major 16-bit operands: A stored (K, M) and B (K, N). Each tile arrives
// as boxes of 64 rows of M (N) by 64 of K, one box per 64 rows (two for A,
// two for B here), and the wgmmas read both transposed (A col, B row). The
// kk-th wgmma of a block starts 16 rows of 128 bytes (2048 bytes) further
// down the tile; the descriptors' leading byte offset steps from one box
// to the next (8192 >> 4 = 512, bits 16-29).
// CHECK-LABEL: gpu.module @mn_major_kernels
// CHECK:       gpu.func @mn_major(%[[DA:[a-z0-9]+]]: !llvm.ptr, %[[DB:[a-z0-9]+]]: !llvm.ptr,
// CHECK:         builtin.unrealized_conversion_cast %[[DA]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<64x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b
// CHECK:         builtin.unrealized_conversion_cast %[[DB]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<64x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b
// CHECK:         nvgpu.mbarrier.arrive.expect_tx %{{.*}}, %c32768
// CHECK-COUNT-4:   nvgpu.tma.async.load
// CHECK:         nvvm.setmaxregister  increase 232
// CHECK-DAG:     arith.constant 4611686293338849280 : i64
// CHECK-DAG:     arith.constant 2048 : i64
// CHECK:         nvvm.wgmma.fence.aligned
// CHECK-COUNT-4:   nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <col>], B[<bf16>, <one>, <row>]
// CHECK:       gemm.kernel_info @mn_major
// CHECK-SAME:    a = {dtype = "bf16", major = "m_major", scale = "none"}
// CHECK-SAME:    b = {dtype = "bf16", major = "n_major", scale = "none"}
// CHECK-SAME:    {box = [64, 64], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "a"}
// CHECK-SAME:    {box = [64, 64], kind = "tensor_map", pass = "grid_constant", swizzle = 128 : i64, tensor = "b"}
gpu.module @mn_major_kernels {
  gpu.func @mn_major(%arg0: memref<?x128xbf16>, %arg1: memref<256x128xbf16>, %arg2: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<bf16, m_major>, b = #gemm.operand<bf16, n_major>, config = #gemm.config<tile = [128, 128, 64], stages = 2, cluster = [1, 1], schedule = data_parallel>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -9223372036854775808, 256, 128>}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x128xbf16>
    %c128 = arith.constant 128 : index
    %0 = arith.ceildivui %dim, %c128 : index
    %c2 = arith.constant 2 : index
    %m, %n = gemm.tile_coords grid[%0, %c2]
    %cst = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
    %c0_0 = arith.constant 0 : index
    %c2_1 = arith.constant 2 : index
    %c1 = arith.constant 1 : index
    %1 = scf.for %arg4 = %c0_0 to %c2_1 step %c1 iter_args(%arg5 = %cst) -> (tensor<128x128xf32>) {
      %4 = gemm.load %arg0[%m, %arg4] : memref<?x128xbf16> -> tensor<128x64xbf16>
      %5 = gemm.load %arg1[%n, %arg4] : memref<256x128xbf16> -> tensor<128x64xbf16>
      %6 = gemm.dot %4, %5, %arg5 : tensor<128x64xbf16>, tensor<128x64xbf16> -> tensor<128x128xf32>
      scf.yield %6 : tensor<128x128xf32>
    }
    %2 = arith.truncf %1 : tensor<128x128xf32> to tensor<128x128xbf16>
    gemm.store %2, %arg2[%m, %n] : tensor<128x128xbf16>, memref<?x256xbf16>
    gpu.return
  }
}
