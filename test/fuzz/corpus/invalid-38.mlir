func.func @scale_add_acc(%acc: tensor<128xf32>, %s: tensor<f32>) {
  %r = gemm.scale_add %acc, %acc, %s, %s : tensor<128xf32>, tensor<f32>, tensor<f32>
  return
}
