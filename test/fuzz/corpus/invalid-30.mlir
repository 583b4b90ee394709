func.func @store_indices(%D: memref<?x256xbf16>, %v: tensor<128x128xbf16>, %i: index) {
  gemm.store %v, %D[%i] : tensor<128x128xbf16>, memref<?x256xbf16>
  return
}
