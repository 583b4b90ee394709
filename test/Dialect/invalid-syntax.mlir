// RUN: gemm-opt %s -split-input-file -verify-diagnostics
// One case per parser and attribute diagnostic of the spec syntax.

// expected-error @+1 {{unknown major-ness 'row_major'; expected k_major, m_major or n_major}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, row_major>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{unknown scale 'col_scale'; expected block_scale = [r, c], row_scale or tensor_scale}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, col_scale : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{element type 'i8' is not one of f8E4M3FN, f8E5M2, bf16, f16, f32}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<i8, k_major>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{scale type 'f16' is not f32 or f8E8M0FNU}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, row_scale : f16>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{block scale has 3 dims; expected [rows, cols]}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{block scale [0, 128] must be positive}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [0, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{config field 'stages' repeated}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<stages = 2, stages = 3> }

// -----

// expected-error @+1 {{split_k 0 must be at least 1}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<split_k = 0> }

// -----

// expected-error @+1 {{stages 0 must be at least 1}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<stages = 0> }

// -----

// expected-error @+1 {{unknown schedule 'eager'; expected data_parallel, persistent or stream_k}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<schedule = eager> }

// -----

// expected-error @+1 {{unknown config field 'warps'; expected tile, stages, cluster, schedule, split_k or swap_ab}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<warps = 4> }

// -----

// expected-error @+1 {{tile has 2 dims; expected [M, N, K]}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<tile = [128, 128]> }

// -----

// expected-error @+1 {{tile sizes must be positive}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<tile = [128, -128, 128]> }

// -----

// expected-error @+1 {{cluster has 1 dims; expected [m, n]}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<cluster = [2]> }

// -----

// expected-error @+1 {{cluster extent 3 is not a positive power of two}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<cluster = [3, 1]> }

// -----

// expected-error @+1 {{cluster of 16 CTAs exceeds the portable limit of 8}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<cluster = [4, 4]> }

// -----

// expected-error @+1 {{cluster extent 16 exceeds the portable limit of 8 CTAs}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<cluster = [16, 1]> }

// -----

// expected-error @+1 {{field 'a' repeated}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32> }

// -----

// expected-error @+1 {{'config' must be a #gemm.config}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{'b' must be a #gemm.operand}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.config<stages = 2>, d = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{unknown field 'e'; expected shape, a, b, c, d, config, grouping or expected_m}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, e = #gemm.operand<bf16, n_major> }

// -----

// expected-error @+1 {{gemm.matmul needs a 'd' field}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32> }

// -----

// expected-error @+1 {{unknown grouping 'k_grouped'; expected m_contiguous, m_masked or k_contiguous}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, grouping = k_grouped }

// -----

// expected-error @+1 {{swap_ab must be true or false, not 'yes'}}
gemm.matmul @bad { shape = [?, 256, 256], a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>, b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>, d = #gemm.operand<bf16, n_major>, config = #gemm.config<swap_ab = yes> }
