//===- ExternDynamicSharedMemory.cpp - .extern dynamic shared memory ------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// See the pass description in GemmPasses.td: the zero-sized shared-memory
// global that stands for the dynamic shared memory must be external, or the
// NVPTX backend turns it into a one-byte static variable.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMEXTERNDYNAMICSHAREDMEMORY
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;

namespace {
struct ExternDynamicSharedMemory
    : public gemm::impl::GemmExternDynamicSharedMemoryBase<
          ExternDynamicSharedMemory> {
  void runOnOperation() override {
    for (auto global : getOperation().getOps<LLVM::GlobalOp>()) {
      auto array = dyn_cast<LLVM::LLVMArrayType>(global.getGlobalType());
      if (global.getAddrSpace() != NVVM::NVVMMemorySpace::Shared || !array ||
          array.getNumElements() != 0 || global.getValueOrNull() ||
          global.getInitializerBlock())
        continue;
      global.setLinkage(LLVM::Linkage::External);
    }
  }
};
} // namespace
