//===- gemm-fuzz.cpp - libFuzzer entry point for the compiler -------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Each input is .mlir text. It is parsed with every dialect the tools
// register and verified; when it holds gemm.matmul specs, the whole
// spec-to-PTX pipeline runs and its kernels are collected. Diagnostics are
// swallowed: an error is a fine outcome, a crash, sanitizer report or hang
// is a bug. See docs/reliability.md.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/InitAll.h"
#include "hopgemm/Pipeline/Pipeline.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

using namespace mlir;

/// Bigger inputs only slow the search down; every construct of the dialect
/// fits in a few hundred bytes.
static constexpr size_t kMaxInputBytes = 4096;
/// Each spec costs a full NVPTX compile: ~50 ms, up to ~3 s for a 256x128
/// tile (the compile time follows the tile, not M, N or K). Two keep the
/// worst input well inside -timeout=10 so that a timeout means a hang.
static constexpr int kMaxSpecs = 2;

// MLIR and LLVM come prebuilt without ASan. LLVM's allocators poison the
// slabs they own when the code that inlines them is instrumented (ours) and
// not when it is not (libMLIR.so), so sharing one allocator across the two
// reports false use-after-poison errors. Manual poisoning is therefore off;
// every other ASan check stays on.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

static MLIRContext &getContext() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    gemm::registerAllDialects(registry);
    auto *ctx = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    // Never print: the fuzzer's output is its own.
    ctx->getDiagEngine().registerHandler(
        [](Diagnostic &) { return success(); });
    return ctx;
  }();
  return *context;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1;
  MLIRContext &context = getContext();
  // MLIR's lexer expects the NUL terminator that files read from disk have.
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module)
    return 0;
  if (failed(verify(*module)))
    return 0;

  int specs = 0;
  module->walk([&](Operation *op) {
    if (op->getName().getStringRef() == "gemm.matmul")
      ++specs;
  });
  if (specs == 0 || specs > kMaxSpecs)
    return 0;

  PassManager pm(&context);
  gemm::buildGemmToPTXPipeline(pm, gemm::PipelineOptions());
  if (failed(pm.run(*module)))
    return 0;
  (void)gemm::collectKernels(*module);
  return 0;
}
