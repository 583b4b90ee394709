//===- GemmPasses.td - gemm passes -------------------------*- tablegen -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_GEMM_PASSES
#define HOPGEMM_GEMM_PASSES

include "mlir/Pass/PassBase.td"

def GemmSelectConfig : Pass<"gemm-select-config", "::mlir::ModuleOp"> {
  let summary = "completes every gemm.matmul config from a heuristic";
  let description = [{
    Fills the fields a `gemm.matmul` leaves out of its `#gemm.config`: the
    tile, the pipeline depth (as many stages as shared memory holds, up to
    the number of K blocks of the tiles a persistent CTA walks), the
    cluster and the schedule. Fields the user set are kept; the result is
    verified like any user config.
  }];
  let options = [
    Option<"numSMs", "num-sms", "int64_t", /*default=*/"132",
           "multiprocessors of the target GPU (132 on an H100 SXM)">,
  ];
}

def GemmExpand : Pass<"gemm-expand", "::mlir::ModuleOp"> {
  let summary = "expands each gemm.matmul spec into a tile program";
  let description = [{
    Replaces every `gemm.matmul` (whose config must be complete: run
    `gemm-select-config` first) with a `gpu.module` holding one kernel, the
    Triton-style tile program for one output tile: `gemm.tile_coords`, a K
    loop of `gemm.load`, `gemm.dot` and `gemm.scale_add`, and a
    `gemm.store` of the result cast to the output type.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let statistics = [
    Statistic<"numExpanded", "num-expanded", "Number of specs expanded">,
  ];
}

def ConvertGemmToNVGPU : Pass<"convert-gemm-to-nvgpu", "::mlir::ModuleOp"> {
  let summary = "lowers gemm tile programs to the nvgpu and nvvm dialects";
  let description = [{
    Lowers each tile program to a Hopper kernel: a warp-specialized CTA with
    one TMA producer warpgroup and one or two math warpgroups (64 rows each,
    two waves for 256-row tiles), walking its tiles persistently, one per
    CTA, or persistently with the last round's tiles shared out by K blocks
    (stream-K); a ring of shared-memory stages guarded by mbarriers (expect-tx
    byte counts, phase parity); FP8 `wgmma` into a fresh fp32 fragment per
    128-K block; the block-scale promotion on CUDA cores, overlapped with
    the next block's wgmmas; and an epilogue through shared memory and a
    TMA store. Writes a `gemm.kernel_info` op with the launch metadata.

    `probe-unroll` sets how many K blocks one iteration of the loop takes
    where the promotion does not overlap the next block's wgmmas (tiles of
    256 rows, two waves; 128-row tiles with two or four math warpgroups);
    0, the default, leaves it to the lowering (four for 256-row tiles over
    a multiple of four K blocks, at least eight; two for 128-row tiles over
    an even number of K blocks, at least four; one otherwise). Above 1
    each promoted accumulator register passes a compiler fence so that the
    promotion is not moved past the next block's wgmmas
    (docs/performance.md, items 54-56).

    `stream-k-min-blocks` bounds how finely `schedule = stream_k` shares out
    the tiles of the last partial round: each sharing CTA takes at least
    that many K blocks where the shared tiles have enough (fewer CTAs
    share them then), since each piece of a tile costs a write and a read
    of an fp32 partial tile.
  }];
  let options = [
    Option<"probeUnroll", "probe-unroll", "int64_t", /*default=*/"0",
           "K blocks an iteration of the non-overlapped promotion loop "
           "(1 to 8; 0: the lowering's choice)">,
    Option<"streamKMinBlocks", "stream-k-min-blocks", "int64_t",
           /*default=*/"8",
           "stream_k: the fewest K blocks a CTA's share of the last round's "
           "tiles has (at least 1)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
    "::mlir::nvgpu::NVGPUDialect", "::mlir::NVVM::NVVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
  ];
}

def GemmExternDynamicSharedMemory
    : Pass<"gemm-extern-dynamic-shared-memory", "::mlir::gpu::GPUModuleOp"> {
  let summary = "declares the dynamic shared memory `.extern` in the PTX";
  let description = [{
    `convert-gpu-to-nvvm` lowers `gpu.dynamic_shared_memory` to a zero-sized
    global in shared memory with internal linkage. LLVM's NVPTX backend
    demotes internal shared globals into the kernel that uses them, so the
    PTX declares a one-byte *static* `.shared` variable instead of the
    launch-sized `.extern .shared .b8 x[]`, and the kernel addresses memory
    past it: where that lands depends on how the static variables (the
    mbarriers) are laid out, which the PTX does not promise. Under
    compute-sanitizer's synccheck the kernels failed this way (launch
    failures, hangs, rows of D unwritten). This pass gives every zero-sized
    shared-memory global external linkage, so that the PTX declares it
    `.extern` and the driver places it at the start of the dynamic shared
    memory. Runs after `convert-gpu-to-nvvm`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def GemmGridConstantTensorMaps
    : Pass<"gemm-grid-constant-tensor-maps", "::mlir::gpu::GPUModuleOp"> {
  let summary = "passes the kernels' TMA descriptors as __grid_constant__ "
                "parameters";
  let description = [{
    `convert-gemm-to-nvgpu` lists the kernel parameters that hold a TMA
    descriptor in the kernel's `gemm.tensor_map_args`. This pass, run after
    `convert-gpu-to-nvvm`, passes them by value (`llvm.byval` of 128 bytes,
    `llvm.align` 64) as `nvvm.grid_constant` parameters
    of the kernel: the PTX declares them `.param .align 64 .b8 x[128]`
    and the TMA instructions take their generic address, as CUDA's
    `const __grid_constant__ CUtensorMap` does. The descriptors then arrive
    with the launch instead of being read from global memory by the first
    TMA of each CTA (a cold miss after the L2 is flushed). The NVVM dialect
    accepts the attribute on `llvm.func` kernels only, and the conversion
    does not carry parameter attributes over, hence a pass after it.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // HOPGEMM_GEMM_PASSES
