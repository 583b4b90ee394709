//===- CompilerTest.cpp - the C++ compiler API and its caches ------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/API/Compiler.h"
#include "TestUtil.h"
#include "hopgemm/Runtime/KernelMeta.h"
#include "hopgemm/Runtime/LaunchPlan.h"

#include <fstream>
#include <thread>

using namespace hopgemm;
using namespace hopgemm::test;

static CompilerOptions inDir(const std::string &dir) {
  CompilerOptions options;
  options.cacheDir = dir;
  return options;
}

/// The example's recipe as a struct.
static GemmDesc deepseekDesc() {
  GemmDesc desc;
  desc.name = "fp8_gemm_nt";
  desc.n = 7168;
  desc.k = 2048;
  desc.operands.a = {DType::F8E4M3FN, Major::K, ScaleKind::Block, {1, 128}};
  desc.operands.b = {DType::F8E4M3FN, Major::K, ScaleKind::Block, {128, 128}};
  desc.operands.d = {DType::BF16, Major::N, ScaleKind::None, {0, 0}};
  GemmConfig config;
  config.tile[0] = config.tile[1] = config.tile[2] = 128;
  config.stages = 5;
  desc.config = config;
  return desc;
}

TEST(compiler_compiles_the_example) {
  TempDir dir;
  Compiler compiler(inDir(dir.path));
  Expected<CompiledKernel> kernel = compiler.compile(exampleSpec());
  CHECK_OK(kernel);
  if (!kernel)
    return;
  CHECK_EQ(kernel->name, std::string("fp8_gemm_nt"));
  CHECK(kernel->ptx.find(".entry fp8_gemm_nt") != std::string::npos);
  CHECK(kernel->ptx.find(".target sm_90a") != std::string::npos);
  CHECK(kernel->cache == CacheResult::Miss);
  CHECK(kernel->compileMs > 0);
  Expected<KernelMeta> meta = KernelMeta::parse(kernel->metadataJson);
  CHECK_OK(meta);
  if (meta) {
    CHECK_EQ(meta->shape[0], -1);
    CHECK_EQ(meta->shape[1], 7168);
    CHECK_EQ(meta->entry, std::string("fp8_gemm_nt"));
  }
  CHECK_EQ(compiler.stats().misses, 1);
  CHECK_EQ(countFiles(dir.path, ".json"), 1);
  CHECK_EQ(countFiles(dir.path, ".tmp"), 0);
}

TEST(compiler_memory_and_disk_hits) {
  TempDir dir;
  std::string spec = exampleSpec();
  Compiler compiler(inDir(dir.path));
  Expected<CompiledKernel> first = compiler.compile(spec);
  CHECK_OK(first);
  // Comments and layout are not part of the key.
  Expected<CompiledKernel> again =
      compiler.compile("// another comment\n" + spec + "\n\n");
  CHECK_OK(again);
  if (!first || !again)
    return;
  CHECK(again->cache == CacheResult::Memory);
  CHECK_EQ(again->ptx, first->ptx);
  CHECK_EQ(again->metadataJson, first->metadataJson);

  // A second compiler (e.g. the next process) finds the entry on disk.
  Compiler other(inDir(dir.path));
  Expected<CompiledKernel> fromDisk = other.compile(spec);
  CHECK_OK(fromDisk);
  if (fromDisk) {
    CHECK(fromDisk->cache == CacheResult::Disk);
    CHECK_EQ(fromDisk->ptx, first->ptx);
    CHECK_EQ(fromDisk->metadataJson, first->metadataJson);
  }
  CacheStats stats = other.stats();
  CHECK_EQ(stats.diskHits, 1);
  CHECK_EQ(stats.misses, 0);
  std::printf("compile (miss) %.1f ms, memory hit %.2f ms, disk hit %.2f ms\n",
              first->compileMs, again->compileMs,
              fromDisk ? fromDisk->compileMs : 0.0);
}

TEST(compiler_options_change_the_key) {
  TempDir dir;
  std::string spec = exampleSpec();
  Compiler a(inDir(dir.path));
  CHECK_OK(a.compile(spec));
  CompilerOptions options = inDir(dir.path);
  options.numSMs = 78;
  Compiler b(options);
  Expected<CompiledKernel> kernel = b.compile(spec);
  CHECK_OK(kernel);
  if (kernel)
    CHECK(kernel->cache == CacheResult::Miss);
  CHECK_EQ(countFiles(dir.path, ".json"), 2);
}

TEST(compiler_desc_matches_text) {
  Expected<std::string> text = toSpecText(deepseekDesc());
  CHECK_OK(text);
  if (!text)
    return;
  CHECK(text->find("block_scale = [128, 128] : f32") != std::string::npos);
  CompilerOptions options;
  options.diskCache = false;
  Compiler compiler(options);
  CHECK_OK(compiler.compile(exampleSpec()));
  // The struct and the example are the same spec, so the same cache entry.
  Expected<CompiledKernel> kernel = compiler.compile(deepseekDesc());
  CHECK_OK(kernel);
  if (kernel)
    CHECK(kernel->cache == CacheResult::Memory);
  CHECK(compiler.cacheDir().empty());
}

TEST(compiler_desc_byte_scales) {
  GemmDesc desc = deepseekDesc();
  desc.operands.a.scaleDType = DType::E8M0;
  desc.operands.b.scaleDType = DType::E8M0;
  Expected<std::string> text = toSpecText(desc);
  CHECK_OK(text);
  if (!text)
    return;
  CHECK(text->find("block_scale = [1, 128] : f8E8M0FNU") != std::string::npos);
  CHECK(text->find("block_scale = [128, 128] : f8E8M0FNU") !=
        std::string::npos);
}

TEST(compiler_desc_expected_m) {
  // A dynamic-M kernel tuned for 32 rows: the decode heuristic's tile and
  // split-K, recorded in the metadata with the expected M.
  GemmDesc desc = deepseekDesc();
  desc.n = 2112;
  desc.k = 7168;
  desc.config.reset();
  desc.expectedM = 32;
  Expected<std::string> text = toSpecText(desc);
  CHECK_OK(text);
  if (text)
    CHECK(text->find("expected_m = 32") != std::string::npos);
  CompilerOptions options;
  options.diskCache = false;
  Compiler compiler(options);
  Expected<CompiledKernel> kernel = compiler.compile(desc);
  CHECK_OK(kernel);
  if (!kernel)
    return;
  CHECK(kernel->metadataJson.find("\"expected_m\": 32") != std::string::npos);
  CHECK(kernel->metadataJson.find("\"split_k\": 4") != std::string::npos);
}

TEST(compiler_desc_errors) {
  GemmDesc desc = deepseekDesc();
  desc.name = "bad name";
  CHECK_ERROR(toSpecText(desc), "kernel name 'bad name' is not an identifier");
  desc = deepseekDesc();
  desc.n = 0;
  CHECK_ERROR(toSpecText(desc), "n must be positive or -1 (dynamic), got 0");
  // Checked by the compiler's verifier, with the generated text as source.
  desc = deepseekDesc();
  desc.config->tile[0] = 96;
  CompilerOptions options;
  options.diskCache = false;
  Compiler compiler(options);
  CHECK_ERROR(compiler.compile(desc), "fp8_gemm_nt.mlir:1:1: error:");
  CHECK_ERROR(compiler.compile(desc), "tile M 96");
}

TEST(compiler_errors_carry_diagnostics) {
  CompilerOptions options;
  options.diskCache = false;
  Compiler compiler(options);
  CHECK_ERROR(
      compiler.compile("gemm.matmul @k { shape = [?, 128, 128] }", "mine.mlir"),
      "mine.mlir:1:");
  CHECK_ERROR(compiler.compile("gemm.matmul @k { shape = [?, 128, 128] }"),
              "gemm.matmul needs a 'a' field");
  CHECK_ERROR(compiler.compile("gemm.matmul @k { bogus = 1 }"),
              "unknown field 'bogus'");
  CHECK_ERROR(compiler.compile("module {}"), "no compiled kernels");
  std::string two = exampleSpec();
  std::string renamed = two;
  renamed.replace(renamed.find("@fp8_gemm_nt"), 12, "@second");
  Expected<std::vector<CompiledKernel>> both =
      compiler.compileAll(two + renamed);
  CHECK_OK(both);
  if (both)
    CHECK_EQ(both->size(), size_t(2));
  CHECK_ERROR(compiler.compile(two + renamed), "the spec holds 2 kernels");
  // Errors are not cached, and a failure leaves the compiler usable.
  CHECK_OK(compiler.compile(two));
  CHECK_EQ(compiler.stats().misses, 2);
}

TEST(compiler_disk_problems_do_not_fail_compiles) {
  TempDir dir;
  std::string notADir = dir.path + "/file";
  std::ofstream(notADir) << "x";
  Compiler compiler(inDir(notADir));
  CHECK_OK(compiler.compile(exampleSpec()));
  CacheStats stats = compiler.stats();
  CHECK_EQ(stats.diskErrors, 1);
  CHECK_EQ(stats.lastDiskError,
           "cache directory '" + notADir + "' is not a directory");

  // A damaged entry reads as a miss and is replaced.
  {
    Compiler writer(inDir(dir.path));
    CHECK_OK(writer.compile(exampleSpec()));
  }
  for (const auto &entry : std::filesystem::directory_iterator(dir.path))
    if (entry.path().extension() == ".json")
      std::ofstream(entry.path()) << "{\"format\": 1, \"key\": \"trunc";
  Compiler reader(inDir(dir.path));
  Expected<CompiledKernel> kernel = reader.compile(exampleSpec());
  CHECK_OK(kernel);
  if (kernel)
    CHECK(kernel->cache == CacheResult::Miss);
  Compiler again(inDir(dir.path));
  kernel = again.compile(exampleSpec());
  if (kernel)
    CHECK(kernel->cache == CacheResult::Disk);
}

TEST(compiler_concurrent_writers) {
  // Two compilers (one per thread, as documented) fill one directory with
  // the same entries at the same time.
  TempDir dir;
  std::string spec = exampleSpec();
  std::vector<std::string> specs;
  for (int n : {256, 512, 768})
    specs.push_back(spec.substr(0, spec.find("gemm.matmul")) +
                    "gemm.matmul @k" + std::to_string(n) +
                    " {\n  shape = [?, " + std::to_string(n) + ", 2048],\n" +
                    spec.substr(spec.find("  a = ")));
  bool ok[2] = {true, true};
  auto work = [&](int id) {
    Compiler compiler(inDir(dir.path));
    for (const std::string &s : specs)
      ok[id] &= compiler.compile(s).ok();
  };
  std::thread t0(work, 0), t1(work, 1);
  t0.join();
  t1.join();
  CHECK(ok[0] && ok[1]);
  CHECK_EQ(countFiles(dir.path, ".json"), 3);
  CHECK_EQ(countFiles(dir.path, ".tmp"), 0);
  Compiler reader(inDir(dir.path));
  for (const std::string &s : specs) {
    Expected<CompiledKernel> kernel = reader.compile(s);
    CHECK_OK(kernel);
    if (kernel)
      CHECK(kernel->cache == CacheResult::Disk);
  }
}

TEST(compiler_shares_across_threads) {
  CompilerOptions options;
  options.diskCache = false;
  Compiler compiler(options);
  std::string spec = exampleSpec();
  bool ok[2] = {true, true};
  std::thread t0([&] { ok[0] = compiler.compile(spec).ok(); });
  std::thread t1([&] { ok[1] = compiler.compile(spec).ok(); });
  t0.join();
  t1.join();
  CHECK(ok[0] && ok[1]);
  CacheStats stats = compiler.stats();
  CHECK_EQ(stats.misses, 1);
  CHECK_EQ(stats.memoryHits, 1);
}

/// A K-grouped weight gradient: dynamic K (the sum of the groups' K), 1x128
/// scales on both operands, f32 D += C.
static GemmDesc kGroupedDesc() {
  GemmDesc desc;
  desc.name = "wgrad";
  desc.m = 256;
  desc.n = 384;
  desc.k = -1;
  desc.operands.a = {DType::F8E4M3FN, Major::K, ScaleKind::Block, {1, 128}};
  desc.operands.b = {DType::F8E4M3FN, Major::K, ScaleKind::Block, {1, 128}};
  desc.operands.d = {DType::F32, Major::N, ScaleKind::None, {0, 0}};
  desc.operands.c = desc.operands.d;
  desc.operands.grouping.kind = GroupingKind::KContiguous;
  return desc;
}

TEST(compiler_desc_grouping_and_dynamic_k) {
  Expected<std::string> text = toSpecText(kGroupedDesc());
  CHECK_OK(text);
  if (!text)
    return;
  CHECK(text->find("shape = [256, 384, ?]") != std::string::npos);
  CHECK(text->find("grouping = k_contiguous") != std::string::npos);
  GemmDesc masked = deepseekDesc();
  masked.operands.grouping.kind = GroupingKind::MMasked;
  Expected<std::string> maskedText = toSpecText(masked);
  CHECK(maskedText &&
        maskedText->find("grouping = m_masked") != std::string::npos);
  CHECK(toSpecText(deepseekDesc())->find("grouping") == std::string::npos);
}

// Needs the compiler's k_contiguous support (verifier and lowering).
TEST(compiler_compiles_a_k_grouped_desc) {
  CompilerOptions options;
  options.diskCache = false;
  Compiler compiler(options);
  Expected<CompiledKernel> kernel = compiler.compile(kGroupedDesc());
  CHECK_OK(kernel);
  if (!kernel)
    return;
  Expected<KernelMeta> meta = KernelMeta::parse(kernel->metadataJson);
  CHECK_OK(meta);
  if (!meta)
    return;
  CHECK(meta->operands.grouping.kind == GroupingKind::KContiguous);
  CHECK_EQ(meta->operands.grouping.kAlignment, std::int64_t(128));
  CHECK_EQ(meta->shape[2], std::int64_t(-1));
  CHECK(meta->operands.hasTensor(TensorId::C));
  // The compiler's metadata plans like the runtime's own example.
  GemmArgs args;
  args.m = 256;
  args.n = 384;
  args.k = 1024;
  args.groups = 4;
  std::uint64_t base = std::uint64_t(1) << 40;
  for (TensorId id : {TensorId::A, TensorId::B, TensorId::C, TensorId::D,
                      TensorId::SA, TensorId::SB, TensorId::KSizes})
    args.tensor(id).ptr = base + (std::uint64_t(static_cast<int>(id)) << 32);
  DeviceLimits h100;
  h100.name = "H100";
  h100.ccMajor = 9;
  h100.smCount = 132;
  h100.maxSmemPerBlockOptin = 232448;
  Expected<LaunchPlan> plan = planLaunch(*meta, args, h100);
  CHECK_OK(plan);
  if (plan)
    CHECK_EQ(plan->tiles, std::int64_t(4) * (256 / meta->tile[0]) *
                              ceilDiv(384, meta->tile[1]));
}
