// Inputs from gemm-fuzz (docs/reliability.md). Each made the verifier
// overflow a signed 64-bit product (UBSan: signed-integer-overflow); in a
// release build the wrapped shared-memory estimate let `stages = 10^18`
// through. Each must now give a diagnostic and a non-zero exit.
// RUN: not gemm-opt %s -split-input-file 2>&1 | FileCheck %s

// stages * bytes per stage, and the 2 * stages * 8 bytes of mbarriers.
// CHECK: error: 'gemm.matmul' op shared memory for tile [128, 128, 128] with 1000000000000000000 stages is over the 232448 bytes of an sm_90 CTA
gemm.matmul @stages {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 1000000000000000000>
}

// -----

// tile M * tile K; nothing bounds tile K without block scales.
// CHECK: error: 'gemm.matmul' op shared memory for tile [128, 128, 1152921504606846976] with 2 stages is over the 232448 bytes of an sm_90 CTA
gemm.matmul @tile_k {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 1152921504606846976], stages = 2>
}

// -----

// Stages left to the heuristic: gemm-select-config's estimate, then the
// verifier's, for a tile K of 2^40 (no overflow; the number is exact).
// CHECK: error: 'gemm.matmul' op shared memory for tile [128, 128, 1099511627776] with 1 stages is 562949953455120 bytes, over the 232448 bytes of an sm_90 CTA
gemm.matmul @tile_k_select {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 1099511627776], stages = 1>
}

// -----

// cluster m * n.
// CHECK: error: cluster extent 4294967296 exceeds the portable limit of 8 CTAs
gemm.matmul @cluster {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<cluster = [4294967296, 4294967296]>
}
