//===- Pipeline.h - the spec-to-PTX pipeline --------------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// One options struct and one builder for the whole pipeline; gemm-opt, the
// library API and Python all call buildGemmToPTXPipeline.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_PIPELINE_PIPELINE_H
#define HOPGEMM_PIPELINE_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>
#include <vector>

namespace mlir::gemm {

struct PipelineOptions {
  /// GPU architecture; FP8 wgmma and setmaxnreg need the `a` variant.
  std::string chip = "sm_90a";
  /// PTX ISA version feature of the NVVM target.
  std::string features = "+ptx80";
  /// Multiprocessors of the target GPU, for the config heuristic.
  int64_t numSMs = 132;
  /// LLVM optimization level of the NVPTX backend.
  unsigned optLevel = 3;
  /// K blocks an iteration of the non-overlapped promotion loop
  /// (convert-gemm-to-nvgpu's `probe-unroll`; 0: the lowering's choice).
  int64_t probeUnroll = 0;
  /// schedule = stream_k: the fewest K blocks a CTA's share of the last
  /// round's tiles has (convert-gemm-to-nvgpu's `stream-k-min-blocks`).
  int64_t streamKMinBlocks = 8;
};

/// Adds the passes that turn gemm.matmul specs (or tile programs) into
/// gpu.binary ops holding PTX, with a gemm.kernel_info op per kernel.
void buildGemmToPTXPipeline(OpPassManager &pm, const PipelineOptions &options);

/// Registers `gemm-to-ptx` as a textual pass pipeline.
void registerGemmPipelines();

/// One compiled kernel, as written next to each other on disk.
struct CompiledKernel {
  std::string name;
  /// PTX text (no trailing NUL).
  std::string ptx;
  /// Launch metadata as JSON (see docs/runtime.md).
  std::string metadataJson;
};

/// Collects the kernels of a module that went through the pipeline. Emits a
/// diagnostic and fails when a gpu.binary has no PTX or no kernel_info.
FailureOr<std::vector<CompiledKernel>> collectKernels(ModuleOp module);

} // namespace mlir::gemm

#endif // HOPGEMM_PIPELINE_PIPELINE_H
