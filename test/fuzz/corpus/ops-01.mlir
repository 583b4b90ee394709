gemm.matmul @recipes {
  d = #gemm.operand<f32, m_major>,
  c = #gemm.operand<f32, m_major>,
  a = #gemm.operand<f8E5M2, k_major, tensor_scale : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, row_scale : f8E8M0FNU>,
  shape = [4096, 4096, 512]
} attributes {note = "kept"}
