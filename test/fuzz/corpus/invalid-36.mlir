func.func @dot_f32(%a: tensor<128x128xf8E4M3FN>, %b: tensor<128x128xf8E4M3FN>) {
  %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xbf16>
  return
}
