// RUN: gemm-opt %s -split-input-file --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s
// Left to the lowering (probe-unroll = 0, the default), the non-overlapped
// loop of a 256 x 128 tile takes four K blocks an iteration where its K
// blocks are a multiple of four and at least eight, with the promoted
// registers fenced; otherwise one (fewer blocks, a tail after the loop or
// a cluster pair made ptxas spill: docs/performance.md, item 56).

// Eight K blocks: two iterations of four, two waves each.
// CHECK-LABEL: gpu.func @eight_blocks
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c2{{.*}} step %c1{{.*}} -> ({{(f32, ){128}index}}, index, i1)
// CHECK-COUNT-8:   nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:           llvm.inline_asm has_side_effects "", "=f,0"
// CHECK-NOT:       nvvm.wgmma.wait.group
// CHECK:           scf.yield
gemm.matmul @eight_blocks {
  shape = [4096, 2048, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128]>
}

// -----

// Nine K blocks (a tail of one after four): one block an iteration, no
// fences.
// CHECK-LABEL: gpu.func @nine_blocks
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c9{{.*}} step %c1{{.*}} -> ({{(f32, ){128}index}}, index, i1)
// CHECK-COUNT-2:   nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT:       nvvm.wgmma.wait.group
// CHECK:           scf.yield
// CHECK-NOT:     llvm.inline_asm
gemm.matmul @nine_blocks {
  shape = [4096, 2048, 1152],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128]>
}

// -----

// A cluster pair along N: one block an iteration.
// CHECK-LABEL: gpu.func @pair
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c8{{.*}} step %c1{{.*}} -> ({{(f32, ){128}index}}, index, i1)
// CHECK-COUNT-2:   nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT:       nvvm.wgmma.wait.group
// CHECK:           scf.yield
// CHECK-NOT:     llvm.inline_asm
gemm.matmul @pair {
  shape = [4096, 2048, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128], cluster = [1, 2]>
}

// -----

// A one-wave 128 x 192 tile over eight K blocks: two blocks an iteration
// (four iterations), the promoted registers fenced.
// CHECK-LABEL: gpu.func @wide_eight_blocks
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c4{{.*}} step %c1{{.*}} -> ({{(f32, ){96}index}}, index, i1)
// CHECK-COUNT-2:   nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:           llvm.inline_asm has_side_effects "", "=f,0"
// CHECK-NOT:       nvvm.wgmma.wait.group
// CHECK:           scf.yield
gemm.matmul @wide_eight_blocks {
  shape = [4096, 2112, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 192, 128]>
}

// -----

// Seven K blocks (odd): one block an iteration, no fences.
// CHECK-LABEL: gpu.func @wide_seven_blocks
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c7{{.*}} step %c1{{.*}} -> ({{(f32, ){96}index}}, index, i1)
// CHECK-COUNT-1:   nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT:       nvvm.wgmma.wait.group
// CHECK:           scf.yield
// CHECK-NOT:     llvm.inline_asm
gemm.matmul @wide_seven_blocks {
  shape = [4096, 2112, 896],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 192, 128]>
}
