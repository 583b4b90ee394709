//===- gemm-opt.cpp - the hopgemm optimizer driver ------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Like mlir-opt for every registered pass, plus kernel output: after a
// pipeline that ends in gpu.binary ops (--gemm-to-ptx), `--emit=ptx` (or an
// output file ending in .ptx) writes the PTX and, beside it, the launch
// metadata as JSON (k.ptx + k.json). With several kernels, -o names a
// directory that receives NAME.ptx and NAME.json for each.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/InitAll.h"
#include "hopgemm/Pipeline/Pipeline.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

static llvm::cl::opt<std::string> emitKind(
    "emit",
    llvm::cl::desc("What to write: 'mlir' (the IR, default), or 'ptx' (the "
                   "PTX of each kernel plus its launch metadata as JSON). "
                   "An output file ending in .ptx implies --emit=ptx"),
    llvm::cl::init(""));

/// Writes `contents` to `path`, reporting failures as errors.
static LogicalResult writeFile(StringRef path, StringRef contents) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file) {
    llvm::errs() << "error: " << error << "\n";
    return failure();
  }
  file->os() << contents;
  file->keep();
  return success();
}

/// Parses the input, runs the pass pipeline from the command line, and
/// writes the kernels instead of the IR.
static LogicalResult emitKernels(StringRef inputFilename,
                                 StringRef outputFilename,
                                 DialectRegistry &registry) {
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  MLIRContext context(registry);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &error);
  if (!input) {
    llvm::errs() << "error: " << error << "\n";
    return failure();
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return failure();
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)) ||
      failed(config.setupPassPipeline(pm)) || failed(pm.run(*module)))
    return failure();
  FailureOr<std::vector<gemm::CompiledKernel>> kernels =
      gemm::collectKernels(*module);
  if (failed(kernels))
    return failure();

  auto writeKernel = [](const gemm::CompiledKernel &kernel,
                        StringRef ptxPath) -> LogicalResult {
    SmallString<256> jsonPath(ptxPath);
    llvm::sys::path::replace_extension(jsonPath, "json");
    return success(succeeded(writeFile(ptxPath, kernel.ptx)) &&
                   succeeded(writeFile(jsonPath, kernel.metadataJson)));
  };
  if (kernels->size() == 1 && outputFilename != "-")
    return writeKernel(kernels->front(), outputFilename);
  if (outputFilename == "-") {
    if (kernels->size() != 1) {
      llvm::errs() << "error: " << kernels->size()
                   << " kernels need an output directory (-o DIR)\n";
      return failure();
    }
    llvm::outs() << kernels->front().ptx;
    return success();
  }
  if (std::error_code ec = llvm::sys::fs::create_directories(outputFilename)) {
    llvm::errs() << "error: cannot create directory '" << outputFilename
                 << "': " << ec.message() << "\n";
    return failure();
  }
  for (const gemm::CompiledKernel &kernel : *kernels) {
    SmallString<256> path(outputFilename);
    llvm::sys::path::append(path, kernel.name + ".ptx");
    if (failed(writeKernel(kernel, path)))
      return failure();
  }
  return success();
}

int main(int argc, char **argv) {
  DialectRegistry registry;
  gemm::registerAllDialects(registry);
  gemm::registerAllPasses();

  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv, "hopgemm optimizer driver\n", registry);
  std::string emit = emitKind;
  if (emit.empty())
    emit = StringRef(outputFilename).ends_with(".ptx") ? "ptx" : "mlir";
  if (emit == "mlir")
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputFilename, outputFilename, registry));
  if (emit != "ptx") {
    llvm::errs() << "error: unknown --emit kind '" << emit
                 << "'; expected mlir or ptx\n";
    return 1;
  }
  return asMainReturnCode(
      emitKernels(inputFilename, outputFilename, registry));
}
