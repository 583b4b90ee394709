// RUN: gemm-opt %s -split-input-file --gemm-select-config --gemm-expand --convert-gemm-to-nvgpu | FileCheck %s
// Past 128 columns a math warpgroup cannot overlap a K block's promotion
// with the next block's wgmmas (no registers for a second fragment), so
// the two math warpgroups take turns issuing their blocks' wgmmas: each
// waits for its turn (bar.sync on its named barrier), issues, and passes
// the turn (bar.arrive on the other's) before waiting for its wgmmas and
// promoting, so that the tensor cores run one warpgroup's block while the
// other promotes. Warpgroup 1 passes the first turn before its tiles, and
// warpgroup 0 takes the one left after the last block.
// The K loop carries the accumulator, the block's stage and phase, and
// whether a non-blocking test of the block's `full` barrier, made when the
// previous block's stage was released and before its promotion, found it
// complete; the blocking wait runs only when it did not.
// CHECK-LABEL: gpu.func @pingpong
// CHECK:         nvvm.setmaxregister increase 232
// CHECK:         scf.if
// CHECK:           nvvm.barrier.arrive id = %{{[0-9]+}} number_of_threads = %c256_i32{{.*}}
// CHECK:         scf.for
// CHECK:           nvvm.mbarrier.test.wait
// CHECK:           scf.for {{.*}} -> ({{(f32, ){96}index}}, index, i1)
// CHECK:             scf.if
// CHECK:               nvgpu.mbarrier.try_wait.parity
// CHECK:             nvvm.barrier id = %{{[0-9]+}} number_of_threads = %c256_i32{{.*}}
// CHECK-COUNT-4:     nvvm.wgmma.mma_async {{.*}} <m = 64, n = 192, k = 32>
// CHECK:             nvvm.wgmma.commit.group.sync.aligned
// CHECK:             nvvm.barrier.arrive id = %{{[0-9]+}} number_of_threads = %c256_i32{{.*}}
// CHECK:             nvvm.wgmma.wait.group.sync.aligned 0
// CHECK:             nvgpu.mbarrier.arrive
// CHECK-NEXT:      }
// CHECK:             nvvm.mbarrier.test.wait
// CHECK-NOT:         nvgpu.mbarrier
// CHECK:             llvm.intr.fma
// CHECK:         scf.if
// CHECK:           nvvm.barrier id = %{{[0-9]+}} number_of_threads = %c256_i32{{.*}}
// CHECK:         nvvm.cp.async.bulk.wait_group 0
gemm.matmul @pingpong {
  shape = [?, 384, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 192, 128]>
}

// -----

// A 128-column tile overlaps each warpgroup's promotion with its own next
// block's wgmmas: no turns.
// CHECK-LABEL: gpu.func @overlapped
// CHECK-NOT:     nvvm.barrier.arrive
// CHECK:         gpu.return
gemm.matmul @overlapped {
  shape = [?, 384, 1024],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, 128, 128]>
}
