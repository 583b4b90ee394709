// RUN: gemm-opt %s -split-input-file --convert-gemm-to-nvgpu -verify-diagnostics | FileCheck %s
// A block-scaled tile program becomes a warp-specialized TMA + wgmma kernel.

// CHECK-LABEL: gpu.module @deepseek_kernels
// CHECK:       gpu.func @deepseek(%[[DA:.*]]: !llvm.ptr, %[[DB:.*]]: !llvm.ptr, %[[DSA:.*]]: !llvm.ptr, %[[DD:.*]]: !llvm.ptr, %[[SB:.*]]: !llvm.ptr, %[[M:.*]]: i32) kernel
// CHECK-SAME:    known_block_size = array<i32: 384, 1, 1>, nvvm.maxntid = array<i32: 384, 1, 1>, nvvm.minctasm = 1 : i32
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
// CHECK-SAME:    params = [{box = [128, 128], kind = "tensor_map", pass = "global", swizzle = 128 : i64, tensor = "a"}
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
  // expected-error @+1 {{tile N 96 is not supported by the lowering yet (a divisor of 128, so that a tile sits in one B scale block, or all of N)}}
  gpu.func @wide(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 96, 128], stages = 2, cluster = [1, 1], schedule = data_parallel>}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %m = memref.dim %A, %c0 : memref<?x256xf8E4M3FN>
    %mt = arith.ceildivui %m, %c2 : index
    %tm, %tn = gemm.tile_coords grid [%mt, %c2]
    %zero = arith.constant dense<0.0> : tensor<128x96xf32>
    %acc = scf.for %kb = %c0 to %c2 step %c1 iter_args(%acc_i = %zero) -> tensor<128x96xf32> {
      %a = gemm.load %A[%tm, %kb] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
      %b = gemm.load %B[%tn, %kb] : memref<256x256xf8E4M3FN> -> tensor<96x128xf8E4M3FN>
      %sa = gemm.load %SA[%kb, %tm] : memref<2x?xf32> -> tensor<128xf32>
      %sb = gemm.load %SB[%tn, %kb] : memref<2x2xf32> -> tensor<f32>
      %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<96x128xf8E4M3FN> -> tensor<128x96xf32>
      %r = gemm.scale_add %acc_i, %p, %sa, %sb : tensor<128x96xf32>, tensor<128xf32>, tensor<f32>
      scf.yield %r : tensor<128x96xf32>
    }
    %o = arith.truncf %acc : tensor<128x96xf32> to tensor<128x96xbf16>
    gemm.store %o, %D[%tm, %tn] : tensor<128x96xbf16>, memref<?x256xbf16>
    gpu.return
  }
}

// -----

// A 256-row tile: each of the two math warpgroups computes two waves of 64
// rows (two fragments), sharing B's stage; the stage is released after the
// second wave.
// CHECK-LABEL: gpu.module @tall_kernels
// CHECK:         scf.for {{.*}} -> (!llvm.struct<{{.*}}>, !llvm.struct<{{.*}}>)
// CHECK-COUNT-4:   nvvm.wgmma.mma_async
// CHECK:           nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT:       nvgpu.mbarrier.arrive
// CHECK-COUNT-4:   nvvm.wgmma.mma_async
// CHECK:           nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:           nvgpu.mbarrier.arrive
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

gpu.module @clustered_kernels {
  // expected-error @+1 {{clusters are not supported by the lowering yet}}
  gpu.func @clustered(%A: memref<?x256xf8E4M3FN>, %SA: memref<2x?xf32>, %B: memref<256x256xf8E4M3FN>, %SB: memref<2x2xf32>, %D: memref<?x256xbf16>) kernel attributes {gemm.spec = {a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, shape = array<i64: -1, 256, 256>, config = #gemm.config<tile = [128, 128, 128], stages = 2, cluster = [2, 1], schedule = data_parallel>}} {
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
