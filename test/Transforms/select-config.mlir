// RUN: gemm-opt %s -split-input-file --gemm-select-config | FileCheck %s
// The heuristic fills what a config leaves out and keeps what it sets.

// Dynamic M: two math warpgroups (tile M 128); 4 stages (5 would fit in
// shared memory but measured slower); one CTA per SM walks the tiles.
// CHECK-LABEL: gemm.matmul @prefill
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = persistent>
gemm.matmul @prefill {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// Large M: 192-column tiles where they take so many fewer rounds of the
// SMs that they pay for their 1.45x longer round (SelectConfig.cpp).
// N = 2112: 11 x 32 tiles of 192 fill 3 rounds of 132 SMs, 17 x 32 of 128
// five.
// CHECK-LABEL: gemm.matmul @wide
// CHECK: config = #gemm.config<tile = [128, 192, 128], stages = 4, cluster = [1, 1], schedule = persistent>
gemm.matmul @wide {
  shape = [4096, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// N = 4096 at M = 4096: 6 rounds of 192-column tiles (8.7 rounds' time)
// against 8 of 128 x 128; 4 rounds of 256 x 128 tiles, 1.83x longer each
// (7.3), win. Three stages of 48 KB fit beside the 64 KB output tile.
// CHECK-LABEL: gemm.matmul @tall
// CHECK: config = #gemm.config<tile = [256, 128, 128], stages = 3
gemm.matmul @tall {
  shape = [4096, 4096, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// 8192^3: 21 rounds of 192-column tiles (30.5 rounds' time) and 16 of
// 256 x 128 (29.8) against 32 of 128 x 128.
// CHECK-LABEL: gemm.matmul @tall_square
// CHECK: config = #gemm.config<tile = [256, 128, 128], stages = 3
gemm.matmul @tall_square {
  shape = [8192, 8192, 8192],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// 256-row tiles at any large M where their rounds pay: N = 7168 at M =
// 4000, 7 rounds (12.8 rounds' time) against 14; at M = 512 and K = 16384,
// one round (1.83) against two (1.94 with the margin), measured 13% faster.
// CHECK-LABEL: gemm.matmul @tall_ragged
// CHECK: config = #gemm.config<tile = [256, 128, 128], stages = 3
gemm.matmul @tall_ragged {
  shape = [4000, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// CHECK-LABEL: gemm.matmul @tall_short
// CHECK: config = #gemm.config<tile = [256, 128, 128], stages = 3
gemm.matmul @tall_short {
  shape = [512, 7168, 16384],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// Where neither saves enough rounds, 128 x 128: N = 7168 at M = 2048, 7
// rounds (6.8 with the margin) against 4 of 256 x 128 (7.3) and 5 of
// 128 x 192 (7.25).
// CHECK-LABEL: gemm.matmul @square_mid
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4
gemm.matmul @square_mid {
  shape = [2048, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// Where 128 x 128 tiles leave SMs idle, narrower ones: at 256 x 4096, 64
// tiles of 128 x 128 against 128 of 128 x 64 (a round of which takes
// about 0.72 of theirs); measured 35% faster.
// CHECK-LABEL: gemm.matmul @narrow_short_m
// CHECK: config = #gemm.config<tile = [128, 64, 128], stages = 8
gemm.matmul @narrow_short_m {
  shape = [256, 4096, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// A dynamic M: the rounds are unknown, so the 128-column tile, which is as
// fast per FLOP.
// CHECK-LABEL: gemm.matmul @wide_dynamic
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4
gemm.matmul @wide_dynamic {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// Unmeasured with C: the default tile.
// CHECK-LABEL: gemm.matmul @wide_with_c
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4
gemm.matmul @wide_with_c {
  shape = [4096, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  c = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// Decode: the cost model picks the tile and split-K factor that fill the
// SMs. For M = 128, N = 2112 that is [64, 64] with K split in two (2 x 33
// tiles x 2 splits = 132 CTAs, 28 of the 56 K blocks each).
// CHECK-LABEL: gemm.matmul @decode
// CHECK: config = #gemm.config<tile = [64, 64, 128], stages = 8, cluster = [1, 1], schedule = persistent, split_k = 2>
gemm.matmul @decode {
  shape = [128, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// A dynamic M with expected_m: tuned as the decode shape above (M = 128),
// while the kernel still takes any M.
// CHECK-LABEL: gemm.matmul @decode_dynamic
// CHECK: config = #gemm.config<tile = [64, 64, 128], stages = 8, cluster = [1, 1], schedule = persistent, split_k = 2>,
// CHECK-NEXT: expected_m = 128
gemm.matmul @decode_dynamic {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  expected_m = 128
}

// -----

// With 256 tiles of [128, 128] (two waves) every smaller tile needs more
// waves, so [128, 128] stays; K = 512 has only 4 K blocks, so 4 stages.
// CHECK-LABEL: gemm.matmul @decode_wide
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = persistent>
gemm.matmul @decode_wide {
  shape = [128, 32768, 512],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// At M = 64 the [64, 128] tiles are 256, two for each CTA, whose 8 K blocks
// the stages hold (8 of 24 KB): the second tile loads while the first
// computes. Tiles of 128 x 128 or more keep at most 4 (above).
// CHECK-LABEL: gemm.matmul @decode_wide_m64
// CHECK: config = #gemm.config<tile = [64, 128, 128], stages = 8, cluster = [1, 1], schedule = persistent>
gemm.matmul @decode_wide_m64 {
  shape = [64, 32768, 512],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// N below 128 gives a narrower tile; fields the user set stay.
// CHECK-LABEL: gemm.matmul @narrow
// CHECK: config = #gemm.config<tile = [128, 56, 128], stages = 3, cluster = [1, 1], schedule = persistent>
gemm.matmul @narrow {
  shape = [?, 56, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<stages = 3, schedule = persistent>
}

// -----

// A large static M: 256 x 128 tiles, 7 rounds of the SMs at 4096 x 7168
// against 14 of 128 x 128, each some 5% faster per FLOP since the loop
// tests the next block's barrier before the promotion (docs/performance.md,
// item 42; the 128-row tile was as fast before).
// CHECK-LABEL: gemm.matmul @prefill_static
// CHECK: config = #gemm.config<tile = [256, 128, 128], stages = 3, cluster = [1, 1], schedule = persistent>
gemm.matmul @prefill_static {
  shape = [4096, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// M = 32: 64-row tiles only; N = 2112 splits K in four ([64, 64]: 33 tiles
// x 4 = 132 CTAs of 14 K blocks).
// CHECK-LABEL: gemm.matmul @decode_m32
// CHECK: config = #gemm.config<tile = [64, 64, 128], stages = 8, cluster = [1, 1], schedule = persistent, split_k = 4>
gemm.matmul @decode_m32 {
  shape = [32, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// M <= 16: the tile is computed transposed (swap_ab), its M rounded up to
// 8 (16 for UE8M0 byte scales) on wgmma's N, 64 rows of B each; split-K as
// for [64, 64].
// CHECK-LABEL: gemm.matmul @decode_m16
// CHECK: config = #gemm.config<tile = [16, 64, 128], stages = 8, cluster = [1, 1], schedule = persistent, split_k = 4, swap_ab = true>
// CHECK-LABEL: gemm.matmul @decode_m1
// CHECK: config = #gemm.config<tile = [8, 64, 128], stages = 4, cluster = [1, 1], schedule = persistent, swap_ab = true>
// CHECK-LABEL: gemm.matmul @decode_m3_ue8m0
// CHECK: config = #gemm.config<tile = [16, 64, 128], stages = 8, cluster = [1, 1], schedule = persistent, split_k = 4, swap_ab = true>
gemm.matmul @decode_m16 {
  shape = [16, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}
gemm.matmul @decode_m1 {
  shape = [1, 32768, 512],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}
gemm.matmul @decode_m3_ue8m0 {
  shape = [3, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f8E8M0FNU>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f8E8M0FNU>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// No swap for an N-major B (swap_ab takes K-major operands), nor with a
// given cluster, which also rules out split-K (the lowering does neither
// with clusters); a given swap_ab without a tile gets a swapped tile,
// [64, 128] for a dynamic M.
// CHECK-LABEL: gemm.matmul @decode_cluster
// CHECK: config = #gemm.config<tile = [64, 128, 128], stages = 8, cluster = [2, 1], schedule = persistent>
// CHECK-LABEL: gemm.matmul @decode_n_major
// CHECK: config = #gemm.config<tile = [64, 64, 64], stages = 8, cluster = [1, 1], schedule = persistent, split_k = 2>
// CHECK-LABEL: gemm.matmul @asked_swap
// CHECK: config = #gemm.config<tile = [64, 128, 128], stages = 8, cluster = [1, 1], schedule = persistent, swap_ab = true>
gemm.matmul @decode_cluster {
  shape = [8, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<cluster = [2, 1]>
}
gemm.matmul @decode_n_major {
  shape = [8, 4096, 4096],
  a = #gemm.operand<bf16, k_major>,
  b = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>
}
gemm.matmul @asked_swap {
  shape = [?, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<swap_ab = true>
}

// -----

// No split-K when C is added (the reduction does not add C), nor when the
// weights' HBM time bounds the kernel anyway (N = 7168, K = 16384).
// CHECK-LABEL: gemm.matmul @decode_c
// CHECK: config = #gemm.config<tile = [64, 128, 128], stages = 8, cluster = [1, 1], schedule = persistent>
// CHECK-LABEL: gemm.matmul @decode_long_k
// CHECK: config = #gemm.config<tile = [64, 128, 128], stages = 8, cluster = [1, 1], schedule = persistent>
gemm.matmul @decode_c {
  shape = [32, 2112, 7168],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  c = #gemm.operand<bf16, n_major>,
  d = #gemm.operand<bf16, n_major>
}
gemm.matmul @decode_long_k {
  shape = [32, 7168, 16384],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}

// -----

// K-grouped: K is known at launch only, so as many stages as shared memory
// holds (f32 D's staging tile takes 64 KiB); tile M divides M, whose
// groups' outputs are stacked.
// CHECK-LABEL: gemm.matmul @wgrad
// CHECK: config = #gemm.config<tile = [128, 128, 128], stages = 4, cluster = [1, 1], schedule = persistent>
// CHECK-LABEL: gemm.matmul @wgrad_m192
// CHECK: config = #gemm.config<tile = [64, 128, 128], stages = 7, cluster = [1, 1], schedule = persistent>
gemm.matmul @wgrad {
  shape = [4096, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  d = #gemm.operand<f32, n_major>,
  grouping = k_contiguous
}
gemm.matmul @wgrad_m192 {
  shape = [192, 7168, ?],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  d = #gemm.operand<f32, n_major>,
  grouping = k_contiguous
}
