//===- Compiler.cpp - compiling GEMM specs in-process ---------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/API/Compiler.h"

#include "hopgemm/InitAll.h"
#include "hopgemm/Pipeline/Pipeline.h"
#include "hopgemm/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <sys/stat.h>
#include <unordered_map>

#ifndef HOPGEMM_VERSION
#error "HOPGEMM_VERSION must be defined by the build"
#endif

using namespace hopgemm;

const char *hopgemm::version() { return HOPGEMM_VERSION; }

const char *hopgemm::cacheResultName(CacheResult result) {
  switch (result) {
  case CacheResult::Miss:
    return "miss";
  case CacheResult::Memory:
    return "memory";
  case CacheResult::Disk:
    return "disk";
  }
  return "?";
}

//===----------------------------------------------------------------------===//
// Spec text from a GemmDesc
//===----------------------------------------------------------------------===//

static std::string operandText(const OperandSpec &op) {
  std::string text =
      strCat("#gemm.operand<", dtypeName(op.dtype), ", ", majorName(op.major));
  const char *scaleType = dtypeName(op.scaleDType);
  switch (op.scale) {
  case ScaleKind::None:
    break;
  case ScaleKind::Tensor:
    text += strCat(", tensor_scale : ", scaleType);
    break;
  case ScaleKind::Row:
    text += strCat(", row_scale : ", scaleType);
    break;
  case ScaleKind::Block:
    text += strCat(", block_scale = [", op.scaleBlock[0], ", ",
                   op.scaleBlock[1], "] : ", scaleType);
    break;
  }
  return text + ">";
}

Expected<std::string> hopgemm::toSpecText(const GemmDesc &desc) {
  const std::string &name = desc.name;
  bool validName = !name.empty() && !llvm::isDigit(name[0]);
  for (char ch : name)
    validName &= llvm::isAlnum(ch) || ch == '_';
  if (!validName)
    return Status::errorf("kernel name '", name,
                          "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  const char *dims[] = {"m", "n", "k"};
  const std::int64_t sizes[] = {desc.m, desc.n, desc.k};
  std::string shape;
  for (int i = 0; i < 3; ++i) {
    if (sizes[i] != -1 && sizes[i] <= 0)
      return Status::errorf(dims[i], " must be positive or -1 (dynamic), got ",
                            sizes[i]);
    shape += strCat(i ? ", " : "", sizes[i] == -1 ? "?" : strCat(sizes[i]));
  }
  std::string text = strCat("gemm.matmul @", name, " {\n  shape = [", shape,
                            "],\n  a = ", operandText(desc.operands.a),
                            ",\n  b = ", operandText(desc.operands.b),
                            ",\n  d = ", operandText(desc.operands.d));
  if (desc.operands.c)
    text += ",\n  c = " + operandText(*desc.operands.c);
  // The alignments are the compiler's to choose; the spec names the kind.
  if (desc.operands.grouping.grouped())
    text += strCat(",\n  grouping = ",
                   groupingKindName(desc.operands.grouping.kind));
  if (desc.expectedM != 0)
    text += strCat(",\n  expected_m = ", desc.expectedM);
  if (desc.config) {
    const GemmConfig &c = *desc.config;
    std::vector<std::string> fields;
    if (c.tile[0] || c.tile[1] || c.tile[2])
      fields.push_back(
          strCat("tile = [", c.tile[0], ", ", c.tile[1], ", ", c.tile[2], "]"));
    if (c.stages)
      fields.push_back(strCat("stages = ", c.stages));
    if (c.cluster[0] || c.cluster[1])
      fields.push_back(
          strCat("cluster = [", c.cluster[0], ", ", c.cluster[1], "]"));
    if (!c.schedule.empty())
      fields.push_back("schedule = " + c.schedule);
    if (!fields.empty())
      text += ",\n  config = #gemm.config<" + llvm::join(fields, ", ") + ">";
  }
  return text + "\n}\n";
}

//===----------------------------------------------------------------------===//
// Cache keys and the disk cache
//===----------------------------------------------------------------------===//

namespace {

/// Distinguishes builds that share HOPGEMM_VERSION: the size and mtime of
/// the binary holding the compiler. Without it, a rebuilt compiler of the
/// same version would be served the previous build's kernels from disk.
std::string buildStamp() {
  Dl_info info;
  struct stat st;
  if (!dladdr(reinterpret_cast<void *>(&buildStamp), &info) ||
      !info.dli_fname || stat(info.dli_fname, &st) != 0)
    return "unknown-build";
  return strCat(st.st_size, "-", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec);
}

std::string defaultCacheDir() {
  if (const char *dir = std::getenv("HOPGEMM_CACHE_DIR"); dir && *dir)
    return dir;
  llvm::SmallString<256> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    path = xdg;
  else if (const char *home = std::getenv("HOME"); home && *home)
    llvm::sys::path::append(path, home, ".cache");
  else
    return "";
  llvm::sys::path::append(path, "hopgemm");
  return std::string(path);
}

constexpr int kCacheFormat = 1;

std::string serializeEntry(const std::string &key,
                           const std::vector<CompiledKernel> &kernels) {
  llvm::json::Array list;
  for (const CompiledKernel &k : kernels)
    list.push_back(llvm::json::Object{
        {"name", k.name}, {"ptx", k.ptx}, {"metadata", k.metadataJson}});
  llvm::json::Object root{
      {"format", kCacheFormat}, {"key", key}, {"kernels", std::move(list)}};
  return llvm::formatv("{0}", llvm::json::Value(std::move(root))).str();
}

/// Parses an entry; a truncated or foreign file reads as a miss.
std::optional<std::vector<CompiledKernel>>
deserializeEntry(llvm::StringRef text, llvm::StringRef key) {
  llvm::Expected<llvm::json::Value> root = llvm::json::parse(text);
  if (!root) {
    llvm::consumeError(root.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *obj = root->getAsObject();
  if (!obj || obj->getInteger("format") != kCacheFormat ||
      obj->getString("key") != key)
    return std::nullopt;
  const llvm::json::Array *list = obj->getArray("kernels");
  if (!list || list->empty())
    return std::nullopt;
  std::vector<CompiledKernel> kernels;
  for (const llvm::json::Value &v : *list) {
    const llvm::json::Object *k = v.getAsObject();
    std::optional<llvm::StringRef> name, ptx, meta;
    if (k) {
      name = k->getString("name");
      ptx = k->getString("ptx");
      meta = k->getString("metadata");
    }
    if (!name || !ptx || !meta)
      return std::nullopt;
    CompiledKernel kernel;
    kernel.name = name->str();
    kernel.ptx = ptx->str();
    kernel.metadataJson = meta->str();
    kernels.push_back(std::move(kernel));
  }
  return kernels;
}

} // namespace

//===----------------------------------------------------------------------===//
// Compiler
//===----------------------------------------------------------------------===//

/// A spec parsed in `context`; diagnostics, rendered like gemm-opt's
/// (source line and caret, the text named `bufferName`), collect while it
/// lives, and error() makes them the message.
struct SpecParse {
  SpecParse(mlir::MLIRContext &context, std::string_view text,
            const std::string &bufferName)
      : diagOs(diagnostics), handler(sourceMgr, &context, diagOs) {
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(
            llvm::StringRef(text.data(), text.size()), bufferName),
        llvm::SMLoc());
    module = mlir::parseSourceFile<mlir::ModuleOp>(
        sourceMgr, mlir::ParserConfig(&context));
  }
  Status error(llvm::StringRef fallback) {
    std::string message = diagnostics.empty() ? fallback.str() : diagnostics;
    while (!message.empty() && message.back() == '\n')
      message.pop_back();
    return Status::error(message);
  }

  std::string diagnostics;
  llvm::raw_string_ostream diagOs;
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

struct Compiler::Impl {
  // Threading is disabled: a library must not start a thread pool in its
  // host process, and a spec has one GPU module anyway.
  explicit Impl(CompilerOptions opts)
      : options(std::move(opts)),
        context(makeRegistry(), mlir::MLIRContext::Threading::DISABLED),
        pm(&context) {
    // Errors come back as text to a program, not to a compiler developer:
    // the diagnostic and its source line, without a dump of the operation.
    context.printOpOnDiagnostic(false);
    mlir::gemm::PipelineOptions pipeline;
    pipeline.chip = options.chip;
    pipeline.features = options.features;
    pipeline.numSMs = options.numSMs;
    pipeline.optLevel = options.optLevel;
    mlir::gemm::buildGemmToPTXPipeline(pm, pipeline);
    // The key prefix covers everything but the spec that decides the output.
    keyPrefix =
        strCat("hopgemm-cache-", kCacheFormat, "\n", HOPGEMM_VERSION, "\n",
               buildStamp(), "\n", options.chip, "\n", options.features, "\n",
               options.numSMs, "\n", options.optLevel, "\n");
    if (options.diskCache)
      cacheDir =
          options.cacheDir.empty() ? defaultCacheDir() : options.cacheDir;
  }

  static mlir::DialectRegistry makeRegistry() {
    mlir::DialectRegistry registry;
    mlir::gemm::registerAllDialects(registry);
    return registry;
  }

  std::string key(llvm::StringRef canonicalSpec) const {
    std::string input = keyPrefix + canonicalSpec.str();
    return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(input)),
                       /*LowerCase=*/true);
  }

  std::string entryPath(const std::string &key) const {
    llvm::SmallString<256> path(cacheDir);
    llvm::sys::path::append(path, key + ".json");
    return std::string(path);
  }

  void diskError(std::string message) {
    ++stats.diskErrors;
    stats.lastDiskError = std::move(message);
  }

  std::optional<std::vector<CompiledKernel>> readDisk(const std::string &key) {
    if (cacheDir.empty())
      return std::nullopt;
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(entryPath(key));
    if (!file)
      return std::nullopt;
    return deserializeEntry((*file)->getBuffer(), key);
  }

  /// Writes a temporary file in the cache directory and renames it over the
  /// entry: rename is atomic, so a concurrent reader sees a whole entry or
  /// none, and concurrent writers of one key (which write the same bytes)
  /// just replace each other's file.
  void writeDisk(const std::string &key,
                 const std::vector<CompiledKernel> &kernels) {
    if (cacheDir.empty())
      return;
    if (std::error_code ec = llvm::sys::fs::create_directories(cacheDir))
      return diskError(strCat("cannot create cache directory '", cacheDir,
                              "': ", ec.message()));
    if (!llvm::sys::fs::is_directory(cacheDir))
      return diskError(
          strCat("cache directory '", cacheDir, "' is not a directory"));
    llvm::SmallString<256> model(cacheDir);
    llvm::sys::path::append(model, key + ".%%%%%%%%.tmp");
    int fd;
    llvm::SmallString<256> tmp;
    if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, tmp))
      return diskError(
          strCat("cannot create a file in '", cacheDir, "': ", ec.message()));
    std::string text = serializeEntry(key, kernels);
    bool written;
    {
      llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
      os << text;
      os.close();
      written = !os.has_error();
      os.clear_error();
    }
    std::error_code ec;
    if (!written || (ec = llvm::sys::fs::rename(tmp, entryPath(key)))) {
      llvm::sys::fs::remove(tmp);
      return diskError(strCat("cannot write cache entry '", entryPath(key), "'",
                              ec ? ": " + ec.message() : ""));
    }
  }

  Expected<std::vector<CompiledKernel>> compile(std::string_view specText,
                                                const std::string &bufferName);

  CompilerOptions options;
  mlir::MLIRContext context;
  mlir::PassManager pm;
  std::string keyPrefix;
  std::string cacheDir;
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<CompiledKernel>> memory;
  CacheStats stats;
};

Expected<std::vector<CompiledKernel>>
Compiler::Impl::compile(std::string_view specText,
                        const std::string &bufferName) {
  auto start = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex);
  auto finish = [&](std::vector<CompiledKernel> kernels, CacheResult cache) {
    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    for (CompiledKernel &k : kernels) {
      k.compileMs = ms;
      k.cache = cache;
    }
    return kernels;
  };

  SpecParse spec(context, specText, bufferName);
  if (!spec.module)
    return spec.error("cannot parse the spec");
  mlir::OwningOpRef<mlir::ModuleOp> &module = spec.module;

  // The printed module is the canonical spec: comments, whitespace and
  // locations do not change the key.
  std::string canonical;
  llvm::raw_string_ostream canonicalOs(canonical);
  module->print(canonicalOs);
  std::string cacheKey = key(canonical);

  if (options.memoryCache) {
    auto it = memory.find(cacheKey);
    if (it != memory.end()) {
      ++stats.memoryHits;
      return finish(it->second, CacheResult::Memory);
    }
  }
  if (std::optional<std::vector<CompiledKernel>> kernels = readDisk(cacheKey)) {
    ++stats.diskHits;
    if (options.memoryCache)
      memory[cacheKey] = *kernels;
    return finish(std::move(*kernels), CacheResult::Disk);
  }

  if (mlir::failed(pm.run(*module)))
    return spec.error("the gemm-to-ptx pipeline failed");
  mlir::FailureOr<std::vector<mlir::gemm::CompiledKernel>> compiled =
      mlir::gemm::collectKernels(*module);
  if (mlir::failed(compiled))
    return spec.error("no kernels in the compiled module");
  std::vector<CompiledKernel> kernels;
  for (mlir::gemm::CompiledKernel &k : *compiled) {
    CompiledKernel kernel;
    kernel.name = std::move(k.name);
    kernel.ptx = std::move(k.ptx);
    kernel.metadataJson = std::move(k.metadataJson);
    kernels.push_back(std::move(kernel));
  }
  ++stats.misses;
  writeDisk(cacheKey, kernels);
  if (options.memoryCache)
    memory[cacheKey] = kernels;
  return finish(std::move(kernels), CacheResult::Miss);
}

Compiler::Compiler(CompilerOptions options)
    : impl(std::make_unique<Impl>(std::move(options))) {}

Compiler::~Compiler() = default;

Expected<std::vector<CompiledKernel>>
Compiler::compileAll(std::string_view specText, const std::string &bufferName) {
  return impl->compile(specText, bufferName);
}

Expected<CompiledKernel> Compiler::compile(std::string_view specText,
                                           const std::string &bufferName) {
  Expected<std::vector<CompiledKernel>> kernels =
      impl->compile(specText, bufferName);
  if (!kernels)
    return kernels.error();
  if (kernels->size() != 1)
    return Status::errorf("the spec holds ", kernels->size(),
                          " kernels; use compileAll to compile several");
  return std::move(kernels->front());
}

Expected<std::vector<std::string>>
Compiler::selectConfigs(std::string_view specText,
                        const std::string &bufferName) {
  std::lock_guard<std::mutex> lock(impl->mutex);
  SpecParse spec(impl->context, specText, bufferName);
  if (!spec.module)
    return spec.error("cannot parse the spec");
  std::vector<std::string> configs;
  spec.module->walk([&](mlir::gemm::MatmulOp op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    mlir::Attribute(mlir::gemm::selectConfig(op, impl->options.numSMs))
        .print(os);
    configs.push_back(std::move(text));
  });
  return configs;
}

Expected<CompiledKernel> Compiler::compile(const GemmDesc &desc) {
  Expected<std::string> text = toSpecText(desc);
  if (!text)
    return text.error();
  return compile(*text, desc.name + ".mlir");
}

const CompilerOptions &Compiler::options() const { return impl->options; }

const std::string &Compiler::cacheDir() const { return impl->cacheDir; }

CacheStats Compiler::stats() const {
  std::lock_guard<std::mutex> lock(impl->mutex);
  return impl->stats;
}
