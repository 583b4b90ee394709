//===- Compiler.h - compiling GEMM specs in-process -------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The library API of the compiler: spec text (or a GemmDesc) in, PTX and
// launch metadata out, with an in-memory and an on-disk cache. No MLIR type
// appears here, so programs that embed the compiler need only these headers
// and libhopgemm.so. Errors are values (hopgemm::Expected) carrying the
// compiler's diagnostics; nothing aborts on bad input.
//
// Threading: a Compiler owns one MLIRContext. compile() may be called from
// several threads; calls on one Compiler are serialized by a mutex. For
// parallel compilation use one Compiler per thread (they may share a cache
// directory).
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_API_COMPILER_H
#define HOPGEMM_API_COMPILER_H

#include "hopgemm/Runtime/GemmTypes.h"
#include "hopgemm/Runtime/Status.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hopgemm {

/// Where a compile result came from.
enum class CacheResult : std::uint8_t { Miss, Memory, Disk };
const char *cacheResultName(CacheResult result);

/// One compiled kernel: what gemm-opt writes as NAME.ptx + NAME.json.
struct CompiledKernel {
  std::string name;
  /// PTX text (no trailing NUL).
  std::string ptx;
  /// Launch metadata as JSON (see docs/runtime.md); KernelMeta::parse reads it.
  std::string metadataJson;
  /// Wall time of the compile() call that returned this kernel, cache lookup
  /// included; for a cache hit this is the hit time.
  double compileMs = 0;
  CacheResult cache = CacheResult::Miss;
};

/// The optional config of a spec; zero or empty fields are left to the
/// gemm-select-config heuristic.
struct GemmConfig {
  std::int64_t tile[3] = {0, 0, 0};
  std::int64_t stages = 0;
  std::int64_t cluster[2] = {0, 0};
  /// "data_parallel", "persistent", "stream_k", or empty.
  std::string schedule;
};

/// A spec as a struct; toSpecText turns it into a gemm.matmul. Scales are
/// f32, or f8E8M0FNU bytes for block scales (OperandSpec::scaleDType). A
/// grouped spec names its operands.grouping.kind (m_contiguous, m_masked,
/// k_contiguous); the alignments come from the compiler (the metadata).
struct GemmDesc {
  std::string name = "gemm";
  /// -1 marks a size given at launch: M usually, K of a k_contiguous GEMM
  /// (the sum of the groups' K). The compiler's verifier decides which
  /// dimensions may be dynamic.
  std::int64_t m = -1, n = 0, k = 0;
  GemmSpec operands;
  std::optional<GemmConfig> config;
  /// With a dynamic M (ungrouped): the M the heuristic tunes the config
  /// for (`expected_m`); 0 leaves it out.
  std::int64_t expectedM = 0;
};

/// The gemm.matmul text of `desc`. Only checks what the text syntax needs
/// (a valid symbol name, sizes); the compiler verifies the rest.
Expected<std::string> toSpecText(const GemmDesc &desc);

struct CompilerOptions {
  // The pipeline options of gemm-opt --gemm-to-ptx.
  std::string chip = "sm_90a";
  std::string features = "+ptx80";
  std::int64_t numSMs = 132;
  unsigned optLevel = 3;

  bool memoryCache = true;
  bool diskCache = true;
  /// Empty: $HOPGEMM_CACHE_DIR, else $XDG_CACHE_HOME/hopgemm, else
  /// ~/.cache/hopgemm.
  std::string cacheDir;
};

struct CacheStats {
  std::int64_t misses = 0, memoryHits = 0, diskHits = 0;
  /// Entries that could not be written or read back (the compile itself
  /// still succeeded); lastDiskError says why.
  std::int64_t diskErrors = 0;
  std::string lastDiskError;
};

class Compiler {
public:
  explicit Compiler(CompilerOptions options = {});
  ~Compiler();
  Compiler(const Compiler &) = delete;
  Compiler &operator=(const Compiler &) = delete;

  /// Compiles every kernel of `specText` (one or more gemm.matmul ops).
  /// `bufferName` names the text in diagnostics ("spec.mlir:3:7: error:").
  Expected<std::vector<CompiledKernel>>
  compileAll(std::string_view specText, const std::string &bufferName = "spec");
  /// Compiles a spec that holds exactly one kernel.
  Expected<CompiledKernel> compile(std::string_view specText,
                                   const std::string &bufferName = "spec");
  Expected<CompiledKernel> compile(const GemmDesc &desc);
  /// The config each gemm.matmul of `specText` compiles with: the fields
  /// the spec sets, the rest from the heuristic (for this compiler's SM
  /// count), as `#gemm.config<...>` text; nothing is compiled. A caller
  /// can key kernels by config, e.g. ask for a dynamic-M spec's choice at
  /// a given `expected_m` and compile that config once for every M that
  /// picks it.
  Expected<std::vector<std::string>>
  selectConfigs(std::string_view specText,
                const std::string &bufferName = "spec");

  const CompilerOptions &options() const;
  /// The cache directory in use; empty when the disk cache is off.
  const std::string &cacheDir() const;
  CacheStats stats() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// HOPGEMM_VERSION from CMake, e.g. "0.1.0".
const char *version();

} // namespace hopgemm

#endif // HOPGEMM_API_COMPILER_H
