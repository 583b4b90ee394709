//===- GemmDialect.h - the gemm dialect -------------------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_DIALECT_GEMMDIALECT_H
#define HOPGEMM_DIALECT_GEMMDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "GemmDialect.h.inc"
#include "GemmEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "GemmAttrs.h.inc"

#define GET_OP_CLASSES
#include "GemmOps.h.inc"

namespace mlir::gemm {

/// Hardware facts of sm_90 that the verifier and the heuristic share.
namespace sm90 {
/// Shared memory a CTA can use (227 KB).
constexpr int64_t kMaxSharedMemoryBytes = 232448;
/// Rows of one wgmma (per warpgroup).
constexpr int64_t kWgmmaM = 64;
/// K extent of one block-scale promotion step.
constexpr int64_t kScaleBlockK = 128;
} // namespace sm90

/// True for the FP8 element types wgmma takes (e4m3, e5m2).
inline bool isFP8Type(Type t) {
  return isa<Float8E4M3FNType, Float8E5M2Type>(t);
}

/// Shared memory, in bytes, a spec's kernel needs with the given tile and
/// stage count (the ring of operand stages, scale stages, barriers and the
/// epilogue staging buffer).
int64_t estimateSharedMemory(MatmulOp op, ArrayRef<int64_t> tile,
                             int64_t stages);

} // namespace mlir::gemm

#endif // HOPGEMM_DIALECT_GEMMDIALECT_H
