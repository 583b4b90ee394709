// RUN: rm -rf %t && mkdir -p %t
// RUN: gemm-opt %s --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s
// RUN: gemm-opt %s --gemm-to-ptx -o %t/k.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t/k.ptx
// RUN: FileCheck %s --check-prefix=META < %t/k.json
// swap_ab, as the heuristic picks it for M <= 16: the tile [16, 64] is
// computed transposed, D^T = B A^T. B's 64 rows are the wgmma's M (one math
// warpgroup), A's 16 rows its N.

// The TMA boxes are the spec's: A 16 x 128, B 64 x 128, 16 A scales, and
// D's 16 x 64 tile.
// CHECK-LABEL: gpu.func @swapped
// CHECK:         unrealized_conversion_cast %{{.*}} : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<16x128xf8E4M3FN, {{.*}}swizzle = swizzle_128b
// CHECK:         unrealized_conversion_cast %{{.*}} : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<64x128xf8E4M3FN, {{.*}}swizzle = swizzle_128b
// CHECK:         unrealized_conversion_cast %{{.*}} : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<1x16xf32, {{.*}}swizzle = none
// CHECK:         unrealized_conversion_cast %{{.*}} : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<16x64xbf16, {{.*}}swizzle = swizzle_128b
// The 4 warps of the one math warpgroup release a stage.
// CHECK:         nvgpu.mbarrier.init %{{.*}}[%{{.*}}], %c4 :
// The B scale (one per 128 rows of N) is a row scale; A's 1x128 scales are
// read per fragment column from the stage.
// CHECK:         nvvm.setmaxregister  increase 232
// CHECK:         llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK:         nvgpu.mbarrier.try_wait.parity
// CHECK:         nvvm.wgmma.mma_async {{.*}} <m = 64, n = 16, k = 32>, D[<f32>, <zero>], A[<e4m3>, <one>, <row>], B[<e4m3>, <one>, <col>] : !llvm.struct<(f32, f32, f32, f32, f32, f32, f32, f32)>
// CHECK:         memref.load %{{.*}} : memref<16xf32, #gpu.address_space<workgroup>>
// CHECK:         llvm.intr.fma
// The epilogue writes the fragment transposed, one bf16 at a time.
// CHECK:         memref.store %{{.*}} : memref<1024xbf16, #gpu.address_space<workgroup>>
// CHECK:         nvgpu.tma.async.store %{{.*}} : memref<16x64xbf16
gemm.matmul @swapped {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// PTX: wgmma.mma_async.sync.aligned.m64n16k32.f32.e4m3.e4m3
// PTX-NOT: wgmma.mma_async.sync.aligned.m64n64

// META: "split_k": 4,
// META: "swap_ab": true,
// META: "tile": [
// META-NEXT: 16,
// META-NEXT: 64,
