func.func @dot_types(%a: tensor<128x128xbf16>, %b: tensor<128x128xf8E4M3FN>) {
  %p = gemm.dot %a, %b : tensor<128x128xbf16>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}
