# Sourced by this folder's gen-*.sh: spec DIR NAME M N K [CONFIG [FIELD]] writes DIR/NAME.mlir, a
# DeepSeek-recipe gemm.matmul (M may be ?) with an optional #gemm.config<CONFIG> and one more field
# (e.g. "expected_m = 64"), and compiles it to DIR/NAME.ptx (+ NAME.json) with $GEMM_OPT.
opt=${GEMM_OPT:-build/bin/gemm-opt}
spec() {
  { printf 'gemm.matmul @%s {\n  shape = [%s, %s, %s],\n' "$2" "$3" "$4" "$5"
    printf '  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,\n'
    printf '  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,\n'
    printf '  d = #gemm.operand<bf16, n_major>%s%s\n}\n' "${6:+,
  config = #gemm.config<$6>}" "${7:+,
  $7}"; } > "$1/$2.mlir"
  "$opt" "$1/$2.mlir" --gemm-to-ptx -o "$1/$2.ptx"
}
