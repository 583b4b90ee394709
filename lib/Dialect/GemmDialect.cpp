//===- GemmDialect.cpp - the gemm dialect ---------------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Dialect/GemmDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace mlir::gemm;

#include "GemmDialect.cpp.inc"
#include "GemmEnums.cpp.inc"

void GemmDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "GemmOps.cpp.inc"
      >();
}
