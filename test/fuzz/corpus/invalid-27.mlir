func.func @load_rank(%A: memref<256xf32>, %i: index) {
  %a = gemm.load %A[%i] : memref<256xf32> -> tensor<1x128xf32>
  return
}
