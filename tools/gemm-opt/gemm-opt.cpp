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
// metadata as JSON (k.ptx + k.json); `--emit=cubin` (or a .cubin output)
// assembles the PTX with ptxas into a cubin instead. With several kernels,
// -o names a directory that receives NAME.ptx (or .cubin) and NAME.json for
// each. `--print-resource-usage` prints ptxas' report of registers, shared
// memory and spills for each kernel.
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
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

static llvm::cl::opt<std::string> emitKind(
    "emit",
    llvm::cl::desc("What to write: 'mlir' (the IR, default), 'ptx' (the PTX "
                   "of each kernel plus its launch metadata as JSON) or "
                   "'cubin' (assembled by ptxas, plus the JSON). An output "
                   "file ending in .ptx or .cubin implies the kind"),
    llvm::cl::init(""));

static llvm::cl::opt<bool> printResourceUsage(
    "print-resource-usage",
    llvm::cl::desc("With --emit=ptx or cubin: print ptxas' resource report "
                   "(registers, shared memory, spills) of each kernel"),
    llvm::cl::init(false));

static llvm::cl::opt<std::string>
    ptxasPath("ptxas",
              llvm::cl::desc("ptxas to use (default: PATH, then "
                             "/usr/local/cuda/bin/ptxas)"),
              llvm::cl::init(""));

/// Finds ptxas, or explains that it is missing.
static FailureOr<std::string> findPtxas() {
  if (!ptxasPath.empty())
    return std::string(ptxasPath);
  if (llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName("ptxas"))
    return *found;
  if (llvm::sys::fs::can_execute("/usr/local/cuda/bin/ptxas"))
    return std::string("/usr/local/cuda/bin/ptxas");
  llvm::errs() << "error: ptxas not found (PATH, /usr/local/cuda/bin); pass "
                  "--ptxas=PATH or emit PTX\n";
  return failure();
}

/// Runs ptxas on `ptx` for `chip`; writes the cubin to `cubinPath` when it
/// is not empty, and prints the resource report when asked to.
static LogicalResult runPtxas(StringRef ptx, StringRef chip,
                              StringRef cubinPath) {
  FailureOr<std::string> ptxas = findPtxas();
  if (failed(ptxas))
    return failure();
  SmallString<128> input, output, report;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("hopgemm", "ptx", fd, input) ||
      llvm::sys::fs::createTemporaryFile("hopgemm", "log", report)) {
    llvm::errs() << "error: cannot create temporary files for ptxas\n";
    return failure();
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << ptx;
  }
  output = cubinPath.empty() ? StringRef("/dev/null") : cubinPath;
  std::string arch = ("-arch=" + chip).str();
  SmallVector<StringRef> args = {*ptxas, arch, input, "-o", output};
  if (printResourceUsage)
    args.push_back("-v");
  std::optional<StringRef> redirects[] = {std::nullopt, report, report};
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(*ptxas, args, std::nullopt, redirects, 0,
                                     0, &error);
  auto log = llvm::MemoryBuffer::getFile(report);
  if (log && (rc != 0 || printResourceUsage))
    llvm::errs() << (*log)->getBuffer();
  llvm::sys::fs::remove(input);
  llvm::sys::fs::remove(report);
  if (rc != 0) {
    llvm::errs() << "error: ptxas failed"
                 << (error.empty() ? "" : (": " + error)) << "\n";
    return failure();
  }
  return success();
}

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
                                 StringRef outputFilename, StringRef emit,
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
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
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

  auto writeKernel = [&](const gemm::CompiledKernel &kernel,
                         StringRef path) -> LogicalResult {
    SmallString<256> jsonPath(path);
    llvm::sys::path::replace_extension(jsonPath, "json");
    std::string chip = "sm_90a";
    if (auto meta = llvm::json::parse(kernel.metadataJson))
      if (auto target = meta->getAsObject()->getString("target"))
        chip = target->str();
    if (emit == "cubin") {
      if (failed(runPtxas(kernel.ptx, chip, path)))
        return failure();
    } else if (failed(writeFile(path, kernel.ptx)) ||
               (printResourceUsage && failed(runPtxas(kernel.ptx, chip, ""))))
      return failure();
    return writeFile(jsonPath, kernel.metadataJson);
  };
  if (kernels->size() == 1 && outputFilename != "-")
    return writeKernel(kernels->front(), outputFilename);
  if (outputFilename == "-") {
    if (kernels->size() != 1) {
      llvm::errs() << "error: " << kernels->size()
                   << " kernels need an output directory (-o DIR)\n";
      return failure();
    }
    if (emit != "ptx") {
      llvm::errs() << "error: a cubin needs an output file (-o k.cubin)\n";
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
    llvm::sys::path::append(path, kernel.name + "." + emit);
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
    emit = StringRef(outputFilename).ends_with(".ptx")     ? "ptx"
           : StringRef(outputFilename).ends_with(".cubin") ? "cubin"
                                                           : "mlir";
  if (emit == "mlir")
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputFilename, outputFilename, registry));
  if (emit != "ptx" && emit != "cubin") {
    llvm::errs() << "error: unknown --emit kind '" << emit
                 << "'; expected mlir, ptx or cubin\n";
    return 1;
  }
  return asMainReturnCode(
      emitKernels(inputFilename, outputFilename, emit, registry));
}
