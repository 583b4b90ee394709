func.func @scale_add_type(%acc: tensor<128x128xf32>, %s: tensor<f16>, %t: tensor<f32>) {
  %r = gemm.scale_add %acc, %acc, %s, %t : tensor<128x128xf32>, tensor<f16>, tensor<f32>
  return
}
