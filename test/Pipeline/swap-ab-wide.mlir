// RUN: rm -rf %t && mkdir -p %t
// RUN: gemm-opt %s --gemm-select-config --gemm-expand | FileCheck %s --check-prefix=TILE
// RUN: gemm-opt %s --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s
// RUN: gemm-opt %s --gemm-to-ptx -o %t/k.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t/k.ptx
// swap_ab over 256 rows of B: four math warpgroups of 64 wgmma rows, each
// inside one of the two 128x128 B scale blocks the tile spans.

// The tile program promotes with a column scale per 128-row block of B:
// two consecutive blocks of K block %kb, read through the transposed view.
// TILE-LABEL: gpu.func @wide
// TILE: %[[BYK:.*]] = memref.transpose %{{.*}} (d0, d1) -> (d1, d0) : memref<8x9xf32> to memref<9x8xf32, strided<[1, 9]>>
// TILE: %[[SB:.*]] = gemm.load %[[BYK]][%{{.*}}, %{{.*}}] : memref<9x8xf32, strided<[1, 9]>> -> tensor<2xf32>
// TILE: gemm.scale_add %{{.*}}, %{{.*}}, %{{.*}}, %[[SB]] : tensor<32x256xf32>, tensor<32xf32>, tensor<2xf32>

// 640 threads; the 16 math warps release a stage; the producer leaves 40
// registers and each math thread takes 104 (the pool of 96 a thread at
// launch). The descriptors of A, B, A's scales and D are __grid_constant__
// parameters; the 128x128 B scales a pointer.
// CHECK-LABEL: gpu.func @wide
// CHECK-SAME:    gemm.tensor_map_args = array<i64: 0, 1, 2, 4>
// CHECK-SAME:    known_block_size = array<i32: 640, 1, 1>
// CHECK:         nvgpu.mbarrier.init %{{.*}}[%{{.*}}], %c16 :
// CHECK:         nvvm.setmaxregister  decrease 40
// CHECK:         nvvm.setmaxregister  increase 104
// CHECK:         nvvm.wgmma.mma_async {{.*}} <m = 64, n = 32, k = 32>
gemm.matmul @wide {
  shape = [?, 1000, 1040],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [32, 256, 128], swap_ab = true>
}

// PTX: .param .align 64 .b8 wide_param_0[128]
// PTX: .maxntid 640, 1, 1
// PTX: cvta.param.u64
// PTX: prefetch.tensormap
// PTX: setmaxnreg.inc.sync.aligned.u32 104;
// PTX: wgmma.mma_async.sync.aligned.m64n32k32.f32.e4m3.e4m3
