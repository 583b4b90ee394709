func.func @scale_add_shape(%acc: tensor<128x128xf32>, %s: tensor<f32>, %c: tensor<64xf32>) {
  %r = gemm.scale_add %acc, %acc, %s, %c : tensor<128x128xf32>, tensor<f32>, tensor<64xf32>
  return
}
