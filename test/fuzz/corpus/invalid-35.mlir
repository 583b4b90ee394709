func.func @dot_shape(%a: tensor<128x128xf8E4M3FN>, %b: tensor<64x128xf8E4M3FN>) {
  %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<64x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}
