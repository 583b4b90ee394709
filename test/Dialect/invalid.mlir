// RUN: gemm-opt %s -split-input-file -verify-diagnostics
// One case per verifier message of the spec and tile levels.

// expected-error @+1 {{shape has 2 dims; expected [M, N, K]}}
gemm.matmul @bad {
  shape = [7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{dimension N must be static; only M (and K of a k_contiguous GEMM) may be '?'}}
gemm.matmul @bad {
  shape = [128, ?, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{dimension K is 0; it must be positive}}
gemm.matmul @bad {
  shape = [?, 7168, 0],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{dimension N is 4294967296, over the TMA limit of 4294967295}}
gemm.matmul @bad {
  shape = [?, 4294967296, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{output D is 'f8E4M3FN'; expected bf16, f16 or f32}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<f8E4M3FN, n_major>
}

// -----

// expected-error @+1 {{output D cannot be k_major; use n_major or m_major}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, k_major>
}

// -----

// expected-error @+1 {{output D cannot be scaled}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major, tensor_scale : f32>
}

// -----

// expected-error @+1 {{output C is 'f8E5M2'; expected bf16, f16 or f32}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  c = #gemm.operand<f8E5M2, n_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{input A is f32; inputs are f8E4M3FN, f8E5M2, bf16 or f16}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f32, k_major>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{input A cannot be n_major}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, n_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{input B cannot be m_major}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, m_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{N 100 gives rows of 200 bytes in B; TMA needs a multiple of 16}}
gemm.matmul @bad {
  shape = [?, 100, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{M 7 gives rows of 14 bytes in A; TMA needs a multiple of 16}}
gemm.matmul @bad {
  shape = [7, 128, 2048],
  a = #gemm.operand<f16, m_major>,
  b = #gemm.operand<f16, k_major>,
  d = #gemm.operand<f16, n_major>
}

// -----

// expected-error @+1 {{tile N 32 is not a multiple of 64, which an n_major B needs (its tile arrives in 128-byte rows of N)}}
gemm.matmul @bad {
  shape = [?, 128, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [64, 32, 64]>
}

// -----

// expected-error @+1 {{FP8 operand A is m_major; FP8 wgmma reads both operands K-major}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, m_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{FP8 operand B is n_major; FP8 wgmma reads both operands K-major}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major>,
  b = #gemm.operand<f8E4M3FN, n_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{operand A is 'bf16' and cannot be scaled; scales apply to FP8 operands}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major, row_scale : f32>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{block scale [1, 64] of A: the K extent must be 128 (promotion happens every 128 of K)}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 64] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{block scale [64, 128] of B: the row extent must be 1 or 128}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [64, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{A is 'bf16' but B is 'f8E4M3FN'; operands must both be FP8 or share a 16-bit type}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{A is 'bf16' but B is 'f16'; operands must both be FP8 or share a 16-bit type}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<f16, k_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{K 100 gives rows of 100 bytes in A; TMA needs a multiple of 16}}
gemm.matmul @bad {
  shape = [?, 7168, 100],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// expected-error @+1 {{tile M 96 is not a multiple of 64}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [96, 128, 128]>
}

// -----

// expected-error @+1 {{tile M 320 exceeds 256 (two math warpgroups of 128 rows)}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [320, 128, 128]>
}

// -----

// expected-error @+1 {{tile N 100 is not a multiple of 8}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 100, 128]>
}

// -----

// expected-error @+1 {{tile N 264 exceeds the wgmma maximum of 256}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 264, 128]>
}

// -----

// expected-error @+1 {{tile K 48 is not a multiple of 32 (the K of one wgmma for 'f8E4M3FN')}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major>,
  b = #gemm.operand<f8E4M3FN, k_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 48]>
}

// -----

// expected-error @+1 {{tile K 64 must be 128 with block scales (one promotion per 128 of K)}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 64]>
}

// -----

// expected-error @+1 {{split_k 3 does not divide the 16 K blocks of 128}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], split_k = 3>
}

// -----

// expected-error @+1 {{shared memory for tile [128, 128, 128] with 6 stages is 233568 bytes, over the 232448 bytes of an sm_90 CTA}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 6>
}

// -----

// The estimate saturates instead of overflowing 64 bits (found by gemm-fuzz).
// expected-error @+1 {{shared memory for tile [128, 128, 128] with 1000000000000000000 stages is over the 232448 bytes of an sm_90 CTA}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 1000000000000000000>
}

// -----

func.func @load_indices(%A: memref<?x256xf8E4M3FN>, %i: index) {
  // expected-error @+1 {{'gemm.load' op has 1 block indices for a rank-2 source}}
  %a = gemm.load %A[%i] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
  return
}

// -----

func.func @load_rank(%A: memref<256xf32>, %i: index) {
  // expected-error @+1 {{'gemm.load' op result rank 2 exceeds the source rank 1}}
  %a = gemm.load %A[%i] : memref<256xf32> -> tensor<1x128xf32>
  return
}

// -----

func.func @load_type(%A: memref<?x256xf8E4M3FN>, %i: index) {
  // expected-error @+1 {{'gemm.load' op result element type 'f8E5M2' differs from the source's 'f8E4M3FN'}}
  %a = gemm.load %A[%i, %i] : memref<?x256xf8E4M3FN> -> tensor<128x128xf8E5M2>
  return
}

// -----

func.func @load_dynamic(%A: memref<?x256xf8E4M3FN>, %i: index) {
  // expected-error @+1 {{'gemm.load' op block shape must be static}}
  %a = gemm.load %A[%i, %i] : memref<?x256xf8E4M3FN> -> tensor<?x128xf8E4M3FN>
  return
}

// -----

func.func @store_indices(%D: memref<?x256xbf16>, %v: tensor<128x128xbf16>, %i: index) {
  // expected-error @+1 {{'gemm.store' op has 1 block indices for a rank-2 destination}}
  gemm.store %v, %D[%i] : tensor<128x128xbf16>, memref<?x256xbf16>
  return
}

// -----

func.func @store_rank(%D: memref<?x256xbf16>, %v: tensor<128xbf16>, %i: index) {
  // expected-error @+1 {{'gemm.store' op value rank 1 differs from the destination rank 2}}
  gemm.store %v, %D[%i, %i] : tensor<128xbf16>, memref<?x256xbf16>
  return
}

// -----

func.func @store_type(%D: memref<?x256xbf16>, %v: tensor<128x128xf32>, %i: index) {
  // expected-error @+1 {{'gemm.store' op value element type 'f32' differs from the destination's 'bf16'}}
  gemm.store %v, %D[%i, %i] : tensor<128x128xf32>, memref<?x256xbf16>
  return
}

// -----

func.func @dot_rank(%a: tensor<128xf8E4M3FN>, %b: tensor<128x128xf8E4M3FN>) {
  // expected-error @+1 {{'gemm.dot' op operands and result must be 2-D blocks}}
  %p = gemm.dot %a, %b : tensor<128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}

// -----

func.func @dot_k(%a: tensor<128x64xf8E4M3FN>, %b: tensor<128x128xf8E4M3FN>) {
  // expected-error @+1 {{'gemm.dot' op K of A (64) differs from K of B (128)}}
  %p = gemm.dot %a, %b : tensor<128x64xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}

// -----

func.func @dot_shape(%a: tensor<128x128xf8E4M3FN>, %b: tensor<64x128xf8E4M3FN>) {
  // expected-error @+1 {{'gemm.dot' op result is 128x128 but A x B^T is 128x64}}
  %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<64x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}

// -----

func.func @dot_f32(%a: tensor<128x128xf8E4M3FN>, %b: tensor<128x128xf8E4M3FN>) {
  // expected-error @+1 {{'gemm.dot' op accumulates in f32, not 'bf16'}}
  %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xbf16>
  return
}

// -----

func.func @dot_types(%a: tensor<128x128xbf16>, %b: tensor<128x128xf8E4M3FN>) {
  // expected-error @+1 {{'gemm.dot' op operand types 'bf16' and 'f8E4M3FN' do not form a wgmma}}
  %p = gemm.dot %a, %b : tensor<128x128xbf16>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
  return
}

// -----

func.func @scale_add_acc(%acc: tensor<128xf32>, %s: tensor<f32>) {
  // expected-error @+1 {{'gemm.scale_add' op accumulator must be a 2-D f32 block}}
  %r = gemm.scale_add %acc, %acc, %s, %s : tensor<128xf32>, tensor<f32>, tensor<f32>
  return
}

// -----

func.func @scale_add_type(%acc: tensor<128x128xf32>, %s: tensor<f16>, %t: tensor<f32>) {
  // expected-error @+1 {{'gemm.scale_add' op row scale must be f32 or f8E8M0FNU}}
  %r = gemm.scale_add %acc, %acc, %s, %t : tensor<128x128xf32>, tensor<f16>, tensor<f32>
  return
}

// -----

func.func @scale_add_shape(%acc: tensor<128x128xf32>, %s: tensor<f32>, %c: tensor<48xf32>) {
  // expected-error @+1 {{'gemm.scale_add' op column scale must be rank 0 or a vector whose length divides 128}}
  %r = gemm.scale_add %acc, %acc, %s, %c : tensor<128x128xf32>, tensor<f32>, tensor<48xf32>
  return
}

// -----

// expected-error @+1 {{an M-grouped GEMM takes M at launch; its shape must start with '?'}}
gemm.matmul @bad {
  shape = [4096, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  grouping = m_contiguous
}

// -----

// expected-error @+1 {{dimension K must be static; only M (and K of a k_contiguous GEMM) may be '?'}}
gemm.matmul @bad {
  shape = [?, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  grouping = m_contiguous
}

// -----

// expected-error @+1 {{k_contiguous grouping needs block_scale [1, 128] on both operands (the weight-gradient recipe); B is #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>}}
gemm.matmul @bad {
  shape = [4096, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<f32, n_major>,
  grouping = k_contiguous
}

// -----

// expected-error @+1 {{k_contiguous grouping accumulates in f32: D must be f32, not 'bf16'}}
gemm.matmul @bad {
  shape = [4096, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  grouping = k_contiguous
}

// -----

// expected-error @+1 {{k_contiguous grouping accumulates in f32: C must be f32, not 'bf16'}}
gemm.matmul @bad {
  shape = [4096, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  c = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<f32, n_major>,
  grouping = k_contiguous
}

// -----

// expected-error @+1 {{split_k 2 with k_contiguous grouping is not supported (the groups already split K)}}
gemm.matmul @bad {
  shape = [4096, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 4, split_k = 2>,
  grouping = k_contiguous
}

// -----

// expected-error @+1 {{k_contiguous grouping stacks the groups' outputs along M: M 192 must be a multiple of tile M 128}}
gemm.matmul @bad {
  shape = [192, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  d = #gemm.operand<f32, n_major>,
  config = #gemm.config<tile = [128, 128, 128], stages = 4>,
  grouping = k_contiguous
}

// -----

// expected-error @+1 {{expected_m tunes an ungrouped GEMM with a dynamic M; this one has a static M}}
gemm.matmul @bad {
  shape = [128, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  expected_m = 32
}

// -----

// expected-error @+1 {{expected_m tunes an ungrouped GEMM with a dynamic M; this one has grouping}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  grouping = m_masked,
  expected_m = 32
}

// -----

// expected-error @+1 {{expected_m 0 must be in [1, 4294967295]}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  expected_m = 0
}

// -----

// expected-error @+1 {{tile M 12 with swap_ab must be a multiple of 8 up to 128 (it is the wgmma's N)}}
gemm.matmul @bad {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [12, 64, 128], swap_ab = true>
}

// -----

// expected-error @+1 {{tile M 192 with swap_ab must be a multiple of 8 up to 128 (it is the wgmma's N)}}
gemm.matmul @bad {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [192, 64, 128], swap_ab = true>
}

// -----

// expected-error @+1 {{tile N 32 with swap_ab must be 64, 128 or 256 (one, two or four math warpgroups of 64 wgmma rows)}}
gemm.matmul @bad {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [16, 32, 128], swap_ab = true>
}

// -----

// expected-error @+1 {{tile [128, 256] with swap_ab has tile M over 64, whose fragments do not fit the registers of four math warpgroups}}
gemm.matmul @bad {
  shape = [128, 32768, 512],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 256, 128], swap_ab = true>
}

// -----

// expected-error @+1 {{swap_ab needs k_major A and B}}
gemm.matmul @bad {
  shape = [16, 2048, 2048],
  a = #gemm.operand<bf16, m_major>,
  b = #gemm.operand<bf16, k_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [16, 64, 64], swap_ab = true>
}

// -----

// expected-error @+1 {{swap_ab with grouping is not supported}}
gemm.matmul @bad {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  grouping = m_masked,
  config = #gemm.config<tile = [16, 64, 128], swap_ab = true>
}

// -----

// expected-error @+1 {{swap_ab with a cluster is not supported}}
gemm.matmul @bad {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [16, 64, 128], cluster = [2, 1], swap_ab = true>
}

// -----

// expected-error @+1 {{tile M 8 with swap_ab and 'f8E8M0FNU' block scales must give a multiple of 16 bytes of A scales}}
gemm.matmul @bad {
  shape = [8, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f8E8M0FNU>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [8, 64, 128], swap_ab = true>
}

// -----

// expected-error @+1 {{schedule stream_k with C is not supported (stream_k is lowered for ungrouped GEMMs of a static K without C, split_k, swap_ab or clusters)}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  c = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<schedule = stream_k>
}

// -----

// expected-error @+1 {{schedule stream_k with split_k is not supported}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128], schedule = stream_k, split_k = 2>
}

// -----

// expected-error @+1 {{schedule stream_k with a cluster is not supported}}
gemm.matmul @bad {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<cluster = [2, 1], schedule = stream_k>
}
