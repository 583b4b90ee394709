// RUN: gemm-opt %s --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s --check-prefix=ONE
// RUN: gemm-opt %s --gemm-select-config --gemm-expand '--convert-gemm-to-nvgpu=probe-unroll=2' | FileCheck %s --check-prefix=TWO
// RUN: not gemm-opt %s --gemm-select-config --gemm-expand '--convert-gemm-to-nvgpu=probe-unroll=-1' 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not gemm-opt %s '--gemm-to-ptx=probe-unroll=9' 2>&1 | FileCheck %s --check-prefix=BAD

// A 256 x 128 tile: two waves of 64 rows per math warpgroup, whose
// promotion cannot overlap the next block's wgmmas (one fragment of
// registers a wave), so the loop probes ahead instead. By default, over
// five K blocks (too few, with a tail, for the lowering to unroll), it
// takes one K block an iteration: two waves of four wgmmas, no fences.
// ONE:         scf.for {{.*}} -> ({{(f32, ){128}index}}, index, i1)
// ONE-COUNT-4:   nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// ONE:           nvvm.wgmma.wait.group.sync.aligned 0
// ONE-COUNT-4:   nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// ONE:           nvvm.wgmma.wait.group.sync.aligned 0
// ONE-NOT:       nvvm.wgmma.mma_async
// ONE:           scf.yield
// ONE-NOT:     llvm.inline_asm

// probe-unroll = 2: two K blocks an iteration (five blocks: two iterations
// and one block after the loop), and each wave's 64 promoted accumulator
// registers pass an empty asm with side effects, a compiler fence that
// keeps their FMAs ahead of the next wave's wgmmas.
// TWO:          scf.for %{{.*}} = %{{.*}} to %c2{{.*}} step %c1{{.*}} -> ({{(f32, ){128}index}}, index, i1)
// TWO-COUNT-4:    nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// TWO:            nvvm.wgmma.wait.group.sync.aligned 0
// TWO-COUNT-64:   llvm.inline_asm has_side_effects "", "=f,0" %{{.*}} : (f32) -> f32
// TWO-COUNT-4:    nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// TWO:            nvvm.wgmma.wait.group.sync.aligned 0
// TWO-COUNT-64:   llvm.inline_asm has_side_effects "", "=f,0"
// TWO-COUNT-4:    nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// TWO:            nvvm.wgmma.wait.group.sync.aligned 0
// TWO-COUNT-64:   llvm.inline_asm has_side_effects "", "=f,0"
// TWO-COUNT-4:    nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// TWO:            nvvm.wgmma.wait.group.sync.aligned 0
// TWO-COUNT-64:   llvm.inline_asm has_side_effects "", "=f,0"
// TWO-NOT:        nvvm.wgmma.mma_async
// TWO:            scf.yield
// TWO-COUNT-4:  nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// TWO:          nvvm.wgmma.wait.group.sync.aligned 0
// TWO-COUNT-4:  nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 32>
// TWO:          nvvm.wgmma.wait.group.sync.aligned 0
// TWO-NOT:      nvvm.wgmma.mma_async

// BAD: probe-unroll must be between 0 (the lowering's choice) and 8, got {{-1|9}}
gemm.matmul @wide_tile {
  shape = [4096, 2048, 640],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [256, 128, 128]>
}
