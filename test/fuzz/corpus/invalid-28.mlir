func.func @load_type(%A: memref<?x256xf8E4M3FN>, %i: index) {
  %a = gemm.load %A[%i, %i] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E5M2>
  return
}
