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
