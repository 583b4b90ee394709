//===- Passes.h - gemm passes -----------------------------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_TRANSFORMS_PASSES_H
#define HOPGEMM_TRANSFORMS_PASSES_H

#include "hopgemm/Dialect/GemmDialect.h"

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace LLVM {
class LLVMDialect;
} // namespace LLVM
namespace NVVM {
class NVVMDialect;
} // namespace NVVM
namespace nvgpu {
class NVGPUDialect;
} // namespace nvgpu
namespace vector {
class VectorDialect;
} // namespace vector
} // namespace mlir

namespace mlir::gemm {

#define GEN_PASS_DECL
#include "GemmPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "GemmPasses.h.inc"

/// Name of the dictionary attribute a tile-program kernel carries: the spec
/// it came from (shape, a, b, d, c, config). The lowering reads the config
/// and writes the recipe into the launch metadata.
constexpr StringLiteral kSpecAttrName = "gemm.spec";

/// Attribute of a lowered kernel: the positions of its parameters that
/// hold a TMA descriptor by value, which gemm-grid-constant-tensor-maps
/// declares `__grid_constant__` once the kernel is an `llvm.func`.
constexpr StringLiteral kTensorMapArgsAttrName = "gemm.tensor_map_args";

/// Completes `op`'s config from the heuristic, keeping the fields it sets.
ConfigAttr selectConfig(MatmulOp op, int64_t numSMs);

} // namespace mlir::gemm

#endif // HOPGEMM_TRANSFORMS_PASSES_H
