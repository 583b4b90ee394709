func.func @dot_k(%a: tensor<128x64xf8E4M3FN>, %b: tensor<128x128xf8E4M3FN>) {
  %p = gemm.dot %a, %b : tensor<128x64xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}
