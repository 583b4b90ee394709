//===- embed_gemm.cpp - compile and launch a GEMM from C++ ----------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// How a C++ program embeds hopgemm: link libhopgemm.so, include
// hopgemm/API/Compiler.h and hopgemm/Runtime/Runtime.h.
//
//   embed_gemm [SPEC.mlir] [--m M]
//
// Compiles SPEC (default: the DeepSeek-V3 recipe for N = 7168, K = 2048,
// built from a struct), compiles it again from the memory cache and, with a
// second compiler, from the disk cache, printing each time; then launches the
// kernel on GPU 0 when there is one.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/API/Compiler.h"
#include "hopgemm/Runtime/Runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

using namespace hopgemm;

static int fail(const std::string &message) {
  std::fprintf(stderr, "embed_gemm: error: %s\n", message.c_str());
  return 1;
}

static void report(const char *what, const CompiledKernel &kernel) {
  std::printf("%s: %s, %zu bytes of PTX, %.2f ms (cache: %s)\n", what,
              kernel.name.c_str(), kernel.ptx.size(), kernel.compileMs,
              cacheResultName(kernel.cache));
}

/// Runs `kernel` once on zero-filled operands with M = `m`.
static Status launch(const Driver &driver, const CompiledKernel &compiled,
                     std::int64_t m) {
  Expected<Device> device = Device::open(driver, 0);
  if (!device)
    return device.error();
  Expected<KernelMeta> meta = KernelMeta::parse(compiled.metadataJson);
  Expected<Module> module = Module::loadPTX(*device, compiled.ptx);
  if (!meta || !module)
    return !meta ? meta.error() : module.error();
  GemmArgs args;
  args.m = m;
  args.n = meta->shape[1];
  args.k = meta->shape[2];
  Expected<Kernel> kernel = Kernel::create(*device, module.take(), *meta);
  if (!kernel)
    return kernel.error();

  // Every tensor the kernel uses, in its dense default layout.
  std::vector<DeviceBuffer> buffers;
  GemmShape shape{args.m, args.n, args.k};
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    if (!meta->operands.hasTensor(id))
      continue;
    TensorView view = defaultView(meta->operands, id, shape);
    Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(
        *device, view.extentElements() * dtypeBytes(view.dtype));
    if (!buffer)
      return buffer.error();
    HOPGEMM_RETURN_IF_ERROR(buffer->fillBytes(0));
    args.tensor(id).ptr = buffer->ptr();
    args.tensor(id).bytes = buffer->size();
    buffers.push_back(buffer.take());
  }
  Expected<Stream> stream = Stream::create(*device);
  if (!stream)
    return stream.error();
  HOPGEMM_RETURN_IF_ERROR(kernel->launch(args, *stream));
  HOPGEMM_RETURN_IF_ERROR(stream->synchronize());
  std::printf("launched %s with m=%lld on %s\n", compiled.name.c_str(),
              static_cast<long long>(m), device->limits().name.c_str());
  return Status::success();
}

int main(int argc, char **argv) {
  std::string specPath;
  std::int64_t m = 256;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--m") == 0 && i + 1 < argc)
      m = std::atoll(argv[++i]);
    else
      specPath = argv[i];
  }

  // The default options: sm_90a, caches in memory and in $HOPGEMM_CACHE_DIR
  // (else ~/.cache/hopgemm).
  Compiler compiler;
  auto compile = [&](Compiler &c) -> Expected<CompiledKernel> {
    if (specPath.empty()) {
      GemmDesc desc;
      desc.name = "fp8_gemm_nt";
      desc.n = 7168;
      desc.k = 2048;
      desc.operands.a = {DType::F8E4M3FN, Major::K, ScaleKind::Block, {1, 128}};
      desc.operands.b = {
          DType::F8E4M3FN, Major::K, ScaleKind::Block, {128, 128}};
      desc.operands.d = {DType::BF16, Major::N, ScaleKind::None, {0, 0}};
      return c.compile(desc);
    }
    Expected<std::string> text = readFile(specPath);
    if (!text)
      return text.error();
    return c.compile(*text, specPath);
  };

  Expected<CompiledKernel> kernel = compile(compiler);
  if (!kernel)
    return fail(kernel.message());
  report("first compile", *kernel);
  Expected<CompiledKernel> again = compile(compiler);
  if (!again)
    return fail(again.message());
  report("same compiler", *again);
  // A new compiler has an empty memory cache: this is what the next process
  // sees.
  Compiler other;
  Expected<CompiledKernel> fromDisk = compile(other);
  if (!fromDisk)
    return fail(fromDisk.message());
  report("new compiler", *fromDisk);

  Expected<Driver &> driver = Driver::load();
  Expected<int> devices = driver ? driver->deviceCount() : Expected<int>(0);
  if (!driver || (devices && *devices == 0)) {
    std::printf("not launched: %s\n",
                driver ? "no CUDA device found" : driver.message().c_str());
    return 0;
  }
  if (Status s = launch(*driver, *kernel, m); !s)
    return fail(s.message());
  return 0;
}
