//===- CAPITest.cpp - the C API, with the fake CUDA driver ---------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Test groups, run as separate processes because the driver is loaded once
// per process: capi_compile_* need no driver, capi_fake_* run against
// test/Runtime's fake libcuda, capi_nodriver_* against a missing one.
//
//===----------------------------------------------------------------------===//

#include "FakeCuda.h"
#include "TestUtil.h"
#include "hopgemm-c/hopgemm.h"

#include <cstddef>
#include <cstring>
#include <optional>
#include <vector>

using namespace hopgemm;
using namespace hopgemm::test;

#ifndef HOPGEMM_FAKE_CUDA_PATH
#error "HOPGEMM_FAKE_CUDA_PATH must name the fake driver library"
#endif

/// Takes ownership of a C API message.
static std::string takeMessage(char *message) {
  std::string text = message ? message : "";
  hopgemm_string_free(message);
  return text;
}

static hopgemm_compiler newCompiler() {
  hopgemm_compiler_options options;
  hopgemm_compiler_options_init(&options);
  options.disk_cache = 0;
  hopgemm_compiler compiler = nullptr;
  char *error = nullptr;
  CHECK_EQ(hopgemm_compiler_create(&options, &compiler, &error), HOPGEMM_OK);
  CHECK(error == nullptr);
  return compiler;
}

TEST(capi_compile_and_getters) {
  CHECK_EQ(std::string(hopgemm_version()), std::string(HOPGEMM_VERSION));
  CHECK_EQ(hopgemm_c_api_version(), HOPGEMM_C_API_VERSION);
  hopgemm_compiler compiler = newCompiler();
  CHECK_EQ(std::string(hopgemm_compiler_cache_dir(compiler)), std::string());
  hopgemm_compiled compiled = nullptr;
  char *error = nullptr;
  std::string spec = exampleSpec();
  CHECK_EQ(hopgemm_compile(compiler, spec.c_str(), nullptr, &compiled, &error),
           HOPGEMM_OK);
  CHECK(error == nullptr);
  CHECK_EQ(hopgemm_compiled_count(compiled), size_t(1));
  CHECK_EQ(std::string(hopgemm_compiled_name(compiled, 0)),
           std::string("fp8_gemm_nt"));
  CHECK(std::strstr(hopgemm_compiled_ptx(compiled, 0), ".entry fp8_gemm_nt"));
  CHECK(std::strstr(hopgemm_compiled_metadata(compiled, 0), "\"smem_bytes\""));
  CHECK(hopgemm_compiled_name(compiled, 1) == nullptr);
  CHECK(hopgemm_compiled_ms(compiled) > 0);
  CHECK_EQ(std::string(hopgemm_compiled_cache(compiled)), std::string("miss"));
  hopgemm_compiled_destroy(compiled);

  CHECK_EQ(hopgemm_compile(compiler, spec.c_str(), nullptr, &compiled, nullptr),
           HOPGEMM_OK);
  CHECK_EQ(std::string(hopgemm_compiled_cache(compiled)),
           std::string("memory"));
  hopgemm_compiled_destroy(compiled);
  int64_t misses = 0, memoryHits = 0, diskHits = -1, diskErrors = -1;
  hopgemm_compiler_stats(compiler, &misses, &memoryHits, &diskHits,
                         &diskErrors);
  CHECK_EQ(misses, 1);
  CHECK_EQ(memoryHits, 1);
  CHECK_EQ(diskHits, 0);
  CHECK_EQ(diskErrors, 0);
  hopgemm_compiler_destroy(compiler);
}

TEST(capi_compile_errors) {
  hopgemm_compiler compiler = newCompiler();
  hopgemm_compiled compiled = nullptr;
  char *error = nullptr;
  CHECK_EQ(hopgemm_compile(compiler, "gemm.matmul @k { bogus = 1 }", nullptr,
                           &compiled, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(compiled == nullptr);
  std::string message = takeMessage(error);
  CHECK(message.find("spec:1:18: error: ") != std::string::npos);
  CHECK(message.find("unknown field 'bogus'") != std::string::npos);
  CHECK_EQ(hopgemm_compile(compiler, nullptr, nullptr, &compiled, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("must not be null") != std::string::npos);
  // A null error pointer is allowed.
  CHECK_EQ(hopgemm_compile(compiler, "garbage", nullptr, &compiled, nullptr),
           HOPGEMM_ERROR_INVALID);
  CHECK_EQ(hopgemm_compile(compiler, "garbage", "mine.mlir", &compiled, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("mine.mlir:1:1: error:") != std::string::npos);
  hopgemm_compiler_destroy(compiler);

  hopgemm_compiler_options options;
  hopgemm_compiler_options_init(&options);
  options.opt_level = 7;
  hopgemm_compiler bad = nullptr;
  CHECK_EQ(hopgemm_compiler_create(&options, &bad, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(bad == nullptr);
  CHECK_EQ(takeMessage(error), std::string("opt_level 7 is not in 0..3"));
}

TEST(capi_compile_select_configs) {
  hopgemm_compiler compiler = newCompiler();
  // A dynamic-M spec at two expected M: the heuristic's tile differs (at
  // N = 2112, 192 columns take 6 rounds of the SMs at M = 4096 against 9 of
  // 128; at M = 512, 64 columns fill the SMs where 128 fill half), a set
  // field stays, and nothing is compiled.
  auto spec = [](int expectedM, const char *config) {
    return "gemm.matmul @k" + std::to_string(expectedM) +
           " {\n  shape = [?, 2112, 7168],\n" +
           "  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : "
           "f32>,\n  b = #gemm.operand<f8E4M3FN, k_major, block_scale = "
           "[128, 128] : f32>,\n  d = #gemm.operand<bf16, n_major>,\n" +
           "  expected_m = " + std::to_string(expectedM) + config + "\n}\n";
  };
  char *configs = nullptr, *error = nullptr;
  std::string both = spec(4096, "") + spec(512, ",\n  config = "
                                                "#gemm.config<stages = 3>");
  CHECK_EQ(
      hopgemm_select_configs(compiler, both.c_str(), nullptr, &configs, &error),
      HOPGEMM_OK);
  CHECK(error == nullptr);
  CHECK_EQ(takeMessage(configs),
           std::string("#gemm.config<tile = [128, 192, 128], stages = 4, "
                       "cluster = [1, 1], schedule = persistent>\n"
                       "#gemm.config<tile = [128, 64, 128], stages = 3, "
                       "cluster = [1, 1], schedule = persistent>\n"));
  int64_t misses = -1;
  hopgemm_compiler_stats(compiler, &misses, nullptr, nullptr, nullptr);
  CHECK_EQ(misses, 0);

  CHECK_EQ(hopgemm_select_configs(compiler, "gemm.matmul @k { bogus = 1 }",
                                  "mine.mlir", &configs, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(configs == nullptr);
  CHECK(takeMessage(error).find("mine.mlir:1:18: error: ") !=
        std::string::npos);
  CHECK_EQ(hopgemm_select_configs(compiler, nullptr, nullptr, &configs, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("must not be null") != std::string::npos);
  hopgemm_compiler_destroy(compiler);
}

TEST(capi_nodriver_device_open) {
  setenv("HOPGEMM_LIBCUDA", "/nonexistent/libcuda.so.1", 1);
  hopgemm_device device = nullptr;
  char *error = nullptr;
  CHECK_EQ(hopgemm_device_open(0, &device, &error), HOPGEMM_ERROR_NO_DEVICE);
  CHECK(device == nullptr);
  CHECK(takeMessage(error).find("no CUDA driver found") != std::string::npos);
}

/// Buffers for the example kernel (M = 256) in fake device memory.
struct FakeOperands {
  std::optional<Device> device;
  std::vector<DeviceBuffer> buffers;
  hopgemm_gemm_args args = {};
};

static bool makeOperands(FakeOperands &ops) {
  Expected<Driver &> driver = Driver::load();
  CHECK_OK(driver);
  if (!driver)
    return false;
  Expected<Device> device = Device::open(*driver, 0);
  CHECK_OK(device);
  if (!device)
    return false;
  ops.device.emplace(device.take());
  const int64_t m = 256, n = 7168, k = 2048;
  auto tensor = [&](hopgemm_tensor &t, int64_t rows, int64_t cols,
                    int elementBytes) {
    Expected<DeviceBuffer> buffer =
        DeviceBuffer::allocate(*ops.device, rows * cols * elementBytes);
    CHECK_OK(buffer);
    if (!buffer)
      return;
    t.ptr = buffer->ptr();
    t.rows = rows;
    t.cols = cols;
    t.bytes = buffer->size();
    ops.buffers.push_back(buffer.take());
  };
  ops.args.m = m;
  ops.args.n = n;
  ops.args.k = k;
  tensor(ops.args.a, m, k, 1);
  tensor(ops.args.sa, k / 128, m, 4);
  tensor(ops.args.b, n, k, 1);
  tensor(ops.args.sb, n / 128, k / 128, 4);
  tensor(ops.args.d, m, n, 2);
  return ops.buffers.size() == 5;
}

TEST(capi_fake_load_and_launch) {
  setenv("HOPGEMM_LIBCUDA", HOPGEMM_FAKE_CUDA_PATH, 1);
  hopgemm_device device = nullptr;
  char *error = nullptr;
  CHECK_EQ(hopgemm_device_open(0, &device, &error), HOPGEMM_OK);
  if (!device)
    return;
  CHECK_EQ(std::string(hopgemm_device_name(device)), std::string("Fake H100"));
  CHECK_EQ(hopgemm_device_sm_count(device), 132);
  CHECK_EQ(hopgemm_device_compute_capability(device), 90);
  hopgemm_device missing = nullptr;
  CHECK_EQ(hopgemm_device_open(3, &missing, &error), HOPGEMM_ERROR_NO_DEVICE);
  CHECK(takeMessage(error).find("device 3 does not exist") !=
        std::string::npos);

  hopgemm_compiler compiler = newCompiler();
  hopgemm_compiled compiled = nullptr;
  CHECK_EQ(hopgemm_compile(compiler, exampleSpec().c_str(), nullptr, &compiled,
                           nullptr),
           HOPGEMM_OK);
  const char *ptx = hopgemm_compiled_ptx(compiled, 0);
  const char *json = hopgemm_compiled_metadata(compiled, 0);
  hopgemm_kernel kernel = nullptr;
  CHECK_EQ(
      hopgemm_kernel_load(device, ptx, std::strlen(ptx), "{", &kernel, &error),
      HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("kernel image metadata: line 1") !=
        std::string::npos);
  CHECK_EQ(hopgemm_kernel_load(device, "not ptx", 7, json, &kernel, &error),
           HOPGEMM_ERROR_CUDA);
  CHECK(takeMessage(error).find("not a PTX module") != std::string::npos);
  CHECK_EQ(
      hopgemm_kernel_load(device, ptx, std::strlen(ptx), json, &kernel, &error),
      HOPGEMM_OK);
  // The kernel keeps the device (and its context) alive.
  hopgemm_device_destroy(device);
  hopgemm_compiled_destroy(compiled);
  hopgemm_compiler_destroy(compiler);
  if (!kernel)
    return;
  CHECK_EQ(std::string(hopgemm_kernel_name(kernel)),
           std::string("fp8_gemm_nt"));

  FakeOperands ops;
  if (!makeOperands(ops))
    return;
  FakeCounters before = fakeCounters();
  CHECK_EQ(hopgemm_kernel_launch(kernel, &ops.args, nullptr, &error),
           HOPGEMM_OK);
  FakeCounters after = fakeCounters();
  CHECK_EQ(after.launches, before.launches + 1);
  // The compiler's kernels take their descriptors as __grid_constant__
  // parameters: no upload, on this launch or the next.
  CHECK_EQ(after.uploads, before.uploads);
  CHECK_EQ(hopgemm_kernel_launch(kernel, &ops.args, nullptr, &error),
           HOPGEMM_OK);
  CHECK_EQ(fakeCounters().uploads, after.uploads);

  hopgemm_gemm_args bad = ops.args;
  bad.n = 4096;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find(
            "fp8_gemm_nt: n 4096 does not match the kernel's static n 7168") !=
        std::string::npos);
  bad = ops.args;
  bad.d.bytes -= 2;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("tensor d needs") != std::string::npos);
  bad = ops.args;
  bad.sa.rows = 1;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("tensor sa has shape [1, 256]") !=
        std::string::npos);
  CHECK_EQ(fakeCounters().launches, after.launches + 1);
  hopgemm_kernel_destroy(kernel);
}

TEST(capi_fake_load_files) {
  setenv("HOPGEMM_LIBCUDA", HOPGEMM_FAKE_CUDA_PATH, 1);
  hopgemm_device device = nullptr;
  CHECK_EQ(hopgemm_device_open(0, &device, nullptr), HOPGEMM_OK);
  if (!device)
    return;
  hopgemm_kernel kernel = nullptr;
  char *error = nullptr;
  std::string inputs = HOPGEMM_SOURCE_DIR "/test/Runtime/Inputs/kernels/";
  CHECK_EQ(hopgemm_kernel_load_files(device,
                                     (inputs + "tma_global_tiles.ptx").c_str(),
                                     nullptr, &kernel, &error),
           HOPGEMM_OK);
  if (kernel)
    CHECK_EQ(std::string(hopgemm_kernel_name(kernel)),
             std::string("tma_global_tiles"));
  hopgemm_kernel_destroy(kernel);
  CHECK_EQ(hopgemm_kernel_load_files(device, (inputs + "missing.ptx").c_str(),
                                     nullptr, &kernel, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("cannot open") != std::string::npos);
  hopgemm_device_destroy(device);
}

// The large-M tile rule of the config heuristic, as precompiled kernels are
// picked by it: 192 columns or 256 rows where their tiles take enough fewer
// rounds of the SMs (4096 x 2112: 3 rounds of 128 x 192 against 5 of 128 x
// 128; 4096 x 7168: 7 of 256 x 128 against 14), 64 or 96 columns where
// 128 x 128 tiles leave SMs idle (512 x 2112: 68 tiles), else 128 x 128;
// decode M and narrow N keep 128 x 128.
TEST(capi_fp8_tile) {
  auto tile = [](int64_t m, int64_t n, int sms) {
    return std::to_string(hopgemm_fp8_tile_m(m, n, sms)) + "x" +
           std::to_string(hopgemm_fp8_tile_n(m, n, sms));
  };
  CHECK_EQ(tile(4096, 2112, 132), std::string("128x192"));
  CHECK_EQ(tile(4000, 2112, 132), std::string("128x192"));
  CHECK_EQ(tile(512, 2112, 132), std::string("128x64"));
  CHECK_EQ(tile(768, 2112, 132), std::string("128x96"));
  CHECK_EQ(tile(512, 4096, 132), std::string("128x128"));
  CHECK_EQ(tile(4096, 7168, 132), std::string("256x128"));
  CHECK_EQ(tile(4000, 7168, 132), std::string("256x128"));
  CHECK_EQ(tile(512, 7168, 132), std::string("256x128"));
  CHECK_EQ(tile(2048, 7168, 132), std::string("128x128"));
  CHECK_EQ(tile(4096, 24576, 132), std::string("256x128"));
  CHECK_EQ(tile(4096, 32768, 132), std::string("256x128"));
  CHECK_EQ(tile(8192, 8192, 132), std::string("256x128"));
  CHECK_EQ(tile(128, 2112, 132), std::string("128x128"));
  CHECK_EQ(tile(4096, 128, 132), std::string("128x128"));
  CHECK_EQ(tile(4096, 2112, 0), std::string("128x128"));
}

// Fields are only ever appended to hopgemm_gemm_args (bindings of older
// versions keep their offsets).
TEST(capi_compile_args_layout) {
  CHECK_EQ(HOPGEMM_C_API_VERSION, 6);
  CHECK_EQ(offsetof(hopgemm_gemm_args, groups),
           offsetof(hopgemm_gemm_args, c) + sizeof(hopgemm_tensor));
  CHECK_EQ(offsetof(hopgemm_gemm_args, ks),
           offsetof(hopgemm_gemm_args, masked_m) + sizeof(hopgemm_tensor));
  CHECK_EQ(sizeof(hopgemm_gemm_args),
           offsetof(hopgemm_gemm_args, ks) + sizeof(hopgemm_tensor));
}

// A K-grouped kernel through the C API: ks reaches the planner and the
// fake's k_grouped_gemm_c, which checks the grid and the group sizes.
TEST(capi_fake_k_grouped_launch) {
  setenv("HOPGEMM_LIBCUDA", HOPGEMM_FAKE_CUDA_PATH, 1);
  hopgemm_device device = nullptr;
  CHECK_EQ(hopgemm_device_open(0, &device, nullptr), HOPGEMM_OK);
  if (!device)
    return;
  hopgemm_kernel kernel = nullptr;
  char *error = nullptr;
  CHECK_EQ(hopgemm_kernel_load_files(
               device,
               HOPGEMM_SOURCE_DIR
               "/test/Runtime/Inputs/grouped/k_grouped_gemm_c.ptx",
               nullptr, &kernel, &error),
           HOPGEMM_OK);
  hopgemm_device_destroy(device);
  if (!kernel)
    return;
  Expected<Driver &> driver = Driver::load();
  Expected<Device> dev =
      driver ? Device::open(*driver, 0) : Expected<Device>(driver.error());
  CHECK_OK(dev);
  if (!dev) {
    hopgemm_kernel_destroy(kernel);
    return;
  }
  const int64_t m = 32, n = 160, k = 512, groups = 3;
  std::vector<DeviceBuffer> buffers;
  auto tensor = [&](hopgemm_tensor &t, int64_t rows, int64_t cols,
                    int elementBytes) {
    Expected<DeviceBuffer> buffer =
        DeviceBuffer::allocate(*dev, rows * cols * elementBytes);
    CHECK_OK(buffer);
    if (!buffer)
      return;
    t.ptr = buffer->ptr();
    t.rows = rows;
    t.cols = cols;
    t.bytes = buffer->size();
    buffers.push_back(buffer.take());
  };
  hopgemm_gemm_args args = {};
  args.m = m;
  args.n = n;
  args.k = k;
  args.groups = groups;
  tensor(args.a, m, k, 1);
  tensor(args.sa, k / 128, m, 4);
  tensor(args.b, n, k, 1);
  tensor(args.sb, k / 128, n, 4);
  tensor(args.c, groups * m, n, 4);
  tensor(args.d, groups * m, n, 4);
  tensor(args.ks, 1, groups, 4);
  const std::int32_t ks[groups] = {256, 0, 256};
  if (buffers.size() != 7 || !buffers.back().upload(ks, sizeof(ks))) {
    CHECK(false);
    hopgemm_kernel_destroy(kernel);
    return;
  }
  FakeCounters before = fakeCounters();
  CHECK_EQ(hopgemm_kernel_launch(kernel, &args, nullptr, &error), HOPGEMM_OK);
  CHECK(takeMessage(error).empty());
  CHECK_EQ(fakeCounters().launches, before.launches + 1);
  // In place: C is D.
  hopgemm_gemm_args inPlace = args;
  inPlace.c = args.d;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &inPlace, nullptr, &error),
           HOPGEMM_OK);

  hopgemm_gemm_args bad = args;
  bad.ks = hopgemm_tensor();
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("k_grouped_gemm_c: tensor ks is required but "
                                "its pointer is null") != std::string::npos);
  bad = args;
  bad.k = 500;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("k 500 must be a multiple of the kernel's "
                                "k_alignment 128") != std::string::npos);
  bad = args;
  bad.ks.cols = 4;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("tensor ks has shape [1, 4] but the kernel "
                                "expects [1, 3]") != std::string::npos);
  bad = args;
  bad.m_indices = args.ks;
  CHECK_EQ(hopgemm_kernel_launch(kernel, &bad, nullptr, &error),
           HOPGEMM_ERROR_INVALID);
  CHECK(takeMessage(error).find("tensor m_indices was given but the kernel "
                                "does not use it (the kernel is "
                                "k_contiguous)") != std::string::npos);
  CHECK_EQ(fakeCounters().launches, before.launches + 2);
  hopgemm_kernel_destroy(kernel);
}
