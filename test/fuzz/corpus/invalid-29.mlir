func.func @load_dynamic(%A: memref<?x256xf8E4M3FN>, %i: index) {
  %a = gemm.load %A[%i, %i] : memref<?x256xf8E4M3FN> -> tensor<?x128xf8E4M3FN>
  return
}
