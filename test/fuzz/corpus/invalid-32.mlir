func.func @store_type(%D: memref<?x256xbf16>, %v: tensor<128x128xf32>, %i: index) {
  gemm.store %v, %D[%i, %i] : tensor<128x128xf32>, memref<?x256xbf16>
  return
}
