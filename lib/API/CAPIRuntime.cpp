//===- CAPIRuntime.cpp - the runtime part of the C API --------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Built into both libhopgemm_runtime.so and libhopgemm.so, so it must not
// depend on LLVM or MLIR.
//
//===----------------------------------------------------------------------===//

#include "CAPI.h"
#include "hopgemm/Runtime/Runtime.h"
#include "hopgemm/Runtime/WideTile.h"

#include <memory>
#include <mutex>
#include <string_view>

#ifndef HOPGEMM_VERSION
#error "HOPGEMM_VERSION must be defined by the build"
#endif

using namespace hopgemm;
using hopgemm::capi::fail;
using hopgemm::capi::succeed;

struct hopgemm_device_s {
  std::shared_ptr<Device> device;
};

struct hopgemm_kernel_s {
  hopgemm_kernel_s(std::shared_ptr<Device> device, Kernel kernel)
      : device(std::move(device)), kernel(std::move(kernel)) {}
  // Declared first so that it is destroyed last: the kernel's module and
  // descriptor buffer belong to the device's context.
  std::shared_ptr<Device> device;
  Kernel kernel;
  // Kernel::launch must not run concurrently on one Kernel (it owns the
  // descriptor buffer and remembers the last stream).
  std::mutex mutex;
};

extern "C" {

const char *hopgemm_version(void) { return HOPGEMM_VERSION; }

int hopgemm_c_api_version(void) { return HOPGEMM_C_API_VERSION; }

void hopgemm_string_free(char *message) { std::free(message); }

hopgemm_status hopgemm_device_open(int ordinal, hopgemm_device *device,
                                   char **error) {
  if (!device)
    return fail(HOPGEMM_ERROR_INVALID, "device must not be null", error);
  *device = nullptr;
  Expected<Driver &> driver = Driver::load();
  if (!driver)
    return fail(HOPGEMM_ERROR_NO_DEVICE, driver.error(), error);
  Expected<int> count = driver->deviceCount();
  if (!count)
    return fail(HOPGEMM_ERROR_CUDA, count.error(), error);
  if (*count == 0)
    return fail(HOPGEMM_ERROR_NO_DEVICE, "no CUDA device found", error);
  if (ordinal < 0 || ordinal >= *count)
    return fail(HOPGEMM_ERROR_NO_DEVICE,
                strCat("device ", ordinal, " does not exist (", *count,
                       " device", *count == 1 ? "" : "s", " found)"),
                error);
  Expected<Device> opened = Device::open(*driver, ordinal);
  if (!opened)
    return fail(HOPGEMM_ERROR_CUDA, opened.error(), error);
  *device = new hopgemm_device_s{std::make_shared<Device>(opened.take())};
  return succeed(error);
}

void hopgemm_device_destroy(hopgemm_device device) { delete device; }

const char *hopgemm_device_name(hopgemm_device device) {
  return device->device->limits().name.c_str();
}

int hopgemm_device_sm_count(hopgemm_device device) {
  return device->device->limits().smCount;
}

int hopgemm_device_compute_capability(hopgemm_device device) {
  const DeviceLimits &limits = device->device->limits();
  return limits.ccMajor * 10 + limits.ccMinor;
}

int hopgemm_fp8_tile_m(int64_t m, int64_t n, int num_sms) {
  return int(largeMTile(m, n, num_sms).m);
}

int hopgemm_fp8_tile_n(int64_t m, int64_t n, int num_sms) {
  return int(largeMTile(m, n, num_sms).n);
}

/// Loads `image` with parsed metadata; errors in the metadata and device
/// mismatches are the caller's, everything after that is CUDA's.
static hopgemm_status loadKernel(hopgemm_device device, std::string_view image,
                                 std::string_view metadata,
                                 const std::string &what,
                                 hopgemm_kernel *kernel, char **error) {
  Expected<KernelMeta> meta = KernelMeta::parse(metadata);
  if (!meta)
    return fail(HOPGEMM_ERROR_INVALID,
                meta.error().withContext(what + " metadata"), error);
  const Device &dev = *device->device;
  if (Status s = checkDevice(*meta, dev.limits()); !s)
    return fail(HOPGEMM_ERROR_INVALID, s, error);
  if (Status s = dev.makeCurrent(); !s)
    return fail(HOPGEMM_ERROR_CUDA, s, error);
  Expected<Module> module = Module::loadImage(dev, image);
  if (!module)
    return fail(HOPGEMM_ERROR_CUDA, module.error().withContext(what), error);
  Expected<Kernel> loaded = Kernel::create(dev, module.take(), meta.take());
  if (!loaded)
    return fail(HOPGEMM_ERROR_CUDA, loaded.error(), error);
  *kernel = new hopgemm_kernel_s(device->device, loaded.take());
  return succeed(error);
}

hopgemm_status hopgemm_kernel_load(hopgemm_device device, const void *image,
                                   size_t image_size, const char *metadata,
                                   hopgemm_kernel *kernel, char **error) {
  if (!device || !image || !metadata || !kernel)
    return fail(HOPGEMM_ERROR_INVALID,
                "device, image, metadata and kernel must not be null", error);
  *kernel = nullptr;
  return loadKernel(
      device, std::string_view(static_cast<const char *>(image), image_size),
      metadata, "kernel image", kernel, error);
}

hopgemm_status hopgemm_kernel_load_files(hopgemm_device device,
                                         const char *image_path,
                                         const char *metadata_path,
                                         hopgemm_kernel *kernel, char **error) {
  if (!device || !image_path || !kernel)
    return fail(HOPGEMM_ERROR_INVALID,
                "device, image_path and kernel must not be null", error);
  *kernel = nullptr;
  std::string imagePath = image_path, metaPath;
  if (metadata_path) {
    metaPath = metadata_path;
  } else {
    size_t dot = imagePath.find_last_of('.');
    size_t slash = imagePath.find_last_of('/');
    bool hasExt =
        dot != std::string::npos && (slash == std::string::npos || dot > slash);
    metaPath = (hasExt ? imagePath.substr(0, dot) : imagePath) + ".json";
  }
  Expected<std::string> image = readFile(imagePath);
  if (!image)
    return fail(HOPGEMM_ERROR_INVALID, image.error(), error);
  Expected<std::string> meta = readFile(metaPath);
  if (!meta)
    return fail(HOPGEMM_ERROR_INVALID, meta.error(), error);
  return loadKernel(device, *image, *meta, imagePath, kernel, error);
}

void hopgemm_kernel_destroy(hopgemm_kernel kernel) {
  if (!kernel)
    return;
  // The module is unloaded from the current context, which may not be
  // set on this thread (e.g. Python's garbage collector runs anywhere).
  (void)kernel->device->makeCurrent();
  delete kernel;
}

const char *hopgemm_kernel_name(hopgemm_kernel kernel) {
  return kernel->kernel.meta().name.c_str();
}

static TensorArg toTensorArg(const hopgemm_tensor &t) {
  TensorArg arg;
  arg.ptr = t.ptr;
  arg.ld = t.ld;
  arg.rows = t.rows;
  arg.cols = t.cols;
  arg.bytes = t.bytes;
  return arg;
}

hopgemm_status hopgemm_kernel_launch(hopgemm_kernel kernel,
                                     const hopgemm_gemm_args *args,
                                     void *stream, char **error) {
  if (!kernel || !args)
    return fail(HOPGEMM_ERROR_INVALID, "kernel and args must not be null",
                error);
  GemmArgs gemm;
  gemm.m = args->m;
  gemm.n = args->n;
  gemm.k = args->k;
  gemm.a = toTensorArg(args->a);
  gemm.sa = toTensorArg(args->sa);
  gemm.b = toTensorArg(args->b);
  gemm.sb = toTensorArg(args->sb);
  gemm.d = toTensorArg(args->d);
  gemm.c = toTensorArg(args->c);
  gemm.groups = args->groups;
  gemm.mIndices = toTensorArg(args->m_indices);
  gemm.maskedM = toTensorArg(args->masked_m);
  gemm.ks = toTensorArg(args->ks);
  std::lock_guard<std::mutex> lock(kernel->mutex);
  // Planning first separates argument errors from CUDA failures.
  if (Expected<LaunchPlan> plan = kernel->kernel.plan(gemm); !plan)
    return fail(HOPGEMM_ERROR_INVALID,
                plan.error().withContext(kernel->kernel.meta().name), error);
  if (Status s = kernel->device->makeCurrent(); !s)
    return fail(HOPGEMM_ERROR_CUDA, s, error);
  if (Status s = kernel->kernel.launch(gemm, stream); !s)
    return fail(HOPGEMM_ERROR_CUDA, s.withContext(kernel->kernel.meta().name),
                error);
  return succeed(error);
}

} // extern "C"
