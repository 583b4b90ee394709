//===- GridConstantTensorMaps.cpp - TMA descriptors as kernel parameters --===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// See the pass description in GemmPasses.td: the parameters a kernel's
// `gemm.tensor_map_args` lists become `nvvm.grid_constant` descriptors.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMGRIDCONSTANTTENSORMAPS
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;

namespace {
struct GridConstantTensorMaps
    : public gemm::impl::GemmGridConstantTensorMapsBase<
          GridConstantTensorMaps> {
  void runOnOperation() override {
    OpBuilder b(&getContext());
    auto descriptor = LLVM::LLVMArrayType::get(b.getI8Type(), 128);
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>()) {
      auto maps =
          func->getAttrOfType<DenseI64ArrayAttr>(gemm::kTensorMapArgsAttrName);
      if (!maps)
        continue;
      func->removeAttr(gemm::kTensorMapArgsAttrName);
      for (int64_t i : maps.asArrayRef()) {
        if (i < 0 || i >= func.getNumArguments() ||
            !isa<LLVM::LLVMPointerType>(func.getArgumentTypes()[i])) {
          func.emitError("parameter ")
              << i << " named in " << gemm::kTensorMapArgsAttrName
              << " is not a pointer parameter";
          return signalPassFailure();
        }
        func.setArgAttr(i, LLVM::LLVMDialect::getByValAttrName(),
                        TypeAttr::get(descriptor));
        func.setArgAttr(i, LLVM::LLVMDialect::getAlignAttrName(),
                        b.getI64IntegerAttr(64));
        func.setArgAttr(i, NVVM::NVVMDialect::getGridConstantAttrName(),
                        b.getUnitAttr());
      }
    }
  }
};
} // namespace
