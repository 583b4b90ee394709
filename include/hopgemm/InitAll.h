//===- InitAll.h - register what the hopgemm tools use ----------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The one registration header every tool shares: our dialect and passes plus
// the upstream dialects and passes of the GPU path.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_INITALL_H
#define HOPGEMM_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::gemm {

/// Registers the gemm dialect and the upstream dialects (with their
/// translation and target interfaces) that the pipeline produces.
void registerAllDialects(DialectRegistry &registry);

/// Registers our passes and pipelines and the upstream passes of the GPU
/// path, for textual pipelines.
void registerAllPasses();

} // namespace mlir::gemm

#endif // HOPGEMM_INITALL_H
