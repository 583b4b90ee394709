func.func @load_indices(%A: memref<?x256xf8E4M3FN>, %i: index) {
  %a = gemm.load %A[%i] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
  return
}
