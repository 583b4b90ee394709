func.func @store_rank(%D: memref<?x256xbf16>, %v: tensor<128xbf16>, %i: index) {
  gemm.store %v, %D[%i, %i] : tensor<128xbf16>, memref<?x256xbf16>
  return
}
