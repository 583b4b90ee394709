//===- GemmDialect.td - the gemm dialect -------------------*- tablegen -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_GEMM_DIALECT
#define HOPGEMM_GEMM_DIALECT

include "mlir/IR/OpBase.td"

def Gemm_Dialect : Dialect {
  let name = "gemm";
  let cppNamespace = "::mlir::gemm";
  let summary = "Block-scaled FP8 GEMMs for NVIDIA Hopper";
  let description = [{
    The `gemm` dialect describes matrix products `D = A x B^T (+ C)` at two
    levels.

    The *spec level* (`gemm.matmul`) states the problem: the shape, each
    operand's element type, major-ness and scale recipe, and an optional
    config (tile, pipeline stages, cluster, schedule). A missing config is
    chosen by a heuristic.

    The *tile level* is the Triton-style program one CTA runs for one output
    tile: block-level loads, `gemm.dot`, the block-scale promotion
    `gemm.scale_add` and a store, with no threads in sight. A spec expands
    into a tile program; users may also write one directly.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes; defined beside them in GemmAttrs.cpp.
    void registerAttributes();
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

class Gemm_Op<string mnemonic, list<Trait> traits = []>
    : Op<Gemm_Dialect, mnemonic, traits>;

#endif // HOPGEMM_GEMM_DIALECT
