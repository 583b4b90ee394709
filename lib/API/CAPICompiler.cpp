//===- CAPICompiler.cpp - the compiler part of the C API ------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "CAPI.h"
#include "hopgemm/API/Compiler.h"

using namespace hopgemm;
using hopgemm::capi::fail;
using hopgemm::capi::succeed;

struct hopgemm_compiler_s {
  explicit hopgemm_compiler_s(CompilerOptions options)
      : compiler(std::move(options)) {}
  Compiler compiler;
};

struct hopgemm_compiled_s {
  std::vector<CompiledKernel> kernels;
};

extern "C" {

void hopgemm_compiler_options_init(hopgemm_compiler_options *options) {
  *options = hopgemm_compiler_options{};
  options->opt_level = -1;
  options->memory_cache = 1;
  options->disk_cache = 1;
}

hopgemm_status hopgemm_compiler_create(const hopgemm_compiler_options *options,
                                       hopgemm_compiler *compiler,
                                       char **error) {
  if (!compiler)
    return fail(HOPGEMM_ERROR_INVALID, "compiler must not be null", error);
  *compiler = nullptr;
  hopgemm_compiler_options given;
  hopgemm_compiler_options_init(&given);
  if (options)
    given = *options;
  CompilerOptions opts;
  if (given.chip)
    opts.chip = given.chip;
  if (given.features)
    opts.features = given.features;
  if (given.num_sms < 0)
    return fail(
        HOPGEMM_ERROR_INVALID,
        strCat("num_sms must not be negative (got ", given.num_sms, ")"),
        error);
  if (given.num_sms > 0)
    opts.numSMs = given.num_sms;
  if (given.opt_level > 3)
    return fail(HOPGEMM_ERROR_INVALID,
                strCat("opt_level ", given.opt_level, " is not in 0..3"),
                error);
  if (given.opt_level >= 0)
    opts.optLevel = static_cast<unsigned>(given.opt_level);
  opts.memoryCache = given.memory_cache != 0;
  opts.diskCache = given.disk_cache != 0;
  if (given.cache_dir)
    opts.cacheDir = given.cache_dir;
  *compiler = new hopgemm_compiler_s(std::move(opts));
  return succeed(error);
}

void hopgemm_compiler_destroy(hopgemm_compiler compiler) { delete compiler; }

const char *hopgemm_compiler_cache_dir(hopgemm_compiler compiler) {
  return compiler->compiler.cacheDir().c_str();
}

void hopgemm_compiler_stats(hopgemm_compiler compiler, int64_t *misses,
                            int64_t *memory_hits, int64_t *disk_hits,
                            int64_t *disk_errors) {
  CacheStats stats = compiler->compiler.stats();
  if (misses)
    *misses = stats.misses;
  if (memory_hits)
    *memory_hits = stats.memoryHits;
  if (disk_hits)
    *disk_hits = stats.diskHits;
  if (disk_errors)
    *disk_errors = stats.diskErrors;
}

hopgemm_status hopgemm_compile(hopgemm_compiler compiler, const char *spec,
                               const char *source_name,
                               hopgemm_compiled *compiled, char **error) {
  if (!compiler || !spec || !compiled)
    return fail(HOPGEMM_ERROR_INVALID,
                "compiler, spec and compiled must not be null", error);
  *compiled = nullptr;
  Expected<std::vector<CompiledKernel>> kernels =
      compiler->compiler.compileAll(spec, source_name ? source_name : "spec");
  if (!kernels)
    return fail(HOPGEMM_ERROR_INVALID, kernels.error(), error);
  *compiled = new hopgemm_compiled_s{kernels.take()};
  return succeed(error);
}

hopgemm_status hopgemm_select_configs(hopgemm_compiler compiler,
                                      const char *spec, const char *source_name,
                                      char **configs, char **error) {
  if (!compiler || !spec || !configs)
    return fail(HOPGEMM_ERROR_INVALID,
                "compiler, spec and configs must not be null", error);
  *configs = nullptr;
  Expected<std::vector<std::string>> selected =
      compiler->compiler.selectConfigs(spec,
                                       source_name ? source_name : "spec");
  if (!selected)
    return fail(HOPGEMM_ERROR_INVALID, selected.error(), error);
  std::string lines;
  for (const std::string &config : *selected)
    lines += config + "\n";
  capi::handOut(lines, configs);
  return succeed(error);
}

void hopgemm_compiled_destroy(hopgemm_compiled compiled) { delete compiled; }

size_t hopgemm_compiled_count(hopgemm_compiled compiled) {
  return compiled->kernels.size();
}

static const CompiledKernel *kernelAt(hopgemm_compiled compiled, size_t i) {
  return compiled && i < compiled->kernels.size() ? &compiled->kernels[i]
                                                  : nullptr;
}

const char *hopgemm_compiled_name(hopgemm_compiled compiled, size_t i) {
  const CompiledKernel *k = kernelAt(compiled, i);
  return k ? k->name.c_str() : nullptr;
}

const char *hopgemm_compiled_ptx(hopgemm_compiled compiled, size_t i) {
  const CompiledKernel *k = kernelAt(compiled, i);
  return k ? k->ptx.c_str() : nullptr;
}

const char *hopgemm_compiled_metadata(hopgemm_compiled compiled, size_t i) {
  const CompiledKernel *k = kernelAt(compiled, i);
  return k ? k->metadataJson.c_str() : nullptr;
}

double hopgemm_compiled_ms(hopgemm_compiled compiled) {
  const CompiledKernel *k = kernelAt(compiled, 0);
  return k ? k->compileMs : 0;
}

const char *hopgemm_compiled_cache(hopgemm_compiled compiled) {
  const CompiledKernel *k = kernelAt(compiled, 0);
  return cacheResultName(k ? k->cache : CacheResult::Miss);
}

} // extern "C"
