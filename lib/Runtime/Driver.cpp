//===- Driver.cpp - loading the CUDA driver and device resources ---------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "CudaDriverApi.h"
#include "hopgemm/Runtime/Runtime.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

using namespace hopgemm;
using namespace hopgemm::cuda;

namespace {
const char *libraryName() {
  const char *override = std::getenv("HOPGEMM_LIBCUDA");
  return override && *override ? override : "libcuda.so.1";
}
} // namespace

Expected<std::unique_ptr<Driver>> Driver::open(const std::string &path) {
  std::unique_ptr<Driver> driver(new Driver());
  dlerror();
  // The library is never unloaded: the driver keeps threads and state that
  // must outlive every object of this process.
  driver->library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!driver->library) {
    const char *why = dlerror();
    return Status::errorf("no CUDA driver found (", path,
                          " could not be loaded: ", why ? why : "unknown error",
                          ")");
  }
  // Only cuGetProcAddress comes from dlsym; it hands out every other entry
  // point in the ABI version we were written against, whatever the driver's
  // own version, with legacy default-stream semantics (see Stream).
  auto getProc = reinterpret_cast<PFN_cuGetProcAddress_v2>(
      dlsym(driver->library, "cuGetProcAddress_v2"));
  if (!getProc)
    return Status::errorf("no CUDA driver found (", path,
                          " has no cuGetProcAddress_v2; a CUDA 12.0 or newer "
                          "driver is needed)");
  driver->entryPoints = std::make_unique<DriverApi>();
  DriverApi &api = *driver->entryPoints;
#define HOPGEMM_CUDA_GET(name)                                                 \
  {                                                                            \
    void *fn = nullptr;                                                        \
    CUdriverProcAddressQueryResult found = CU_GET_PROC_ADDRESS_SUCCESS;        \
    CUresult r = getProc(#name, &fn, kApiVersion,                              \
                         CU_GET_PROC_ADDRESS_LEGACY_STREAM, &found);           \
    if (r == CUDA_ERROR_STUB_LIBRARY)                                          \
      return Status::errorf("no CUDA driver found (", path,                    \
                            " is the CUDA toolkit's stub library)");           \
    if (r != CUDA_SUCCESS || found != CU_GET_PROC_ADDRESS_SUCCESS || !fn)      \
      return Status::errorf("the CUDA driver in ", path, " has no " #name,     \
                            " for CUDA ", kApiVersion / 1000, ".",             \
                            kApiVersion % 1000 / 10, " (error ", int(r),       \
                            ", lookup status ", int(found),                    \
                            "); a newer driver is needed");                    \
    api.p##name = reinterpret_cast<PFN_##name>(fn);                            \
  }
  HOPGEMM_CUDA_ENTRY_POINTS(HOPGEMM_CUDA_GET)
#undef HOPGEMM_CUDA_GET

  CUresult r = api.pcuInit(0);
  if (r == CUDA_ERROR_NO_DEVICE)
    return Status::error("no CUDA device found (cuInit reports no "
                         "CUDA-capable device)");
  HOPGEMM_RETURN_IF_ERROR(driver->check(r, "cuInit"));
  HOPGEMM_RETURN_IF_ERROR(driver->check(
      api.pcuDriverGetVersion(&driver->driverVersion), "cuDriverGetVersion"));
  return driver;
}

Expected<Driver &> Driver::load() {
  // Loaded once; a failure is remembered too, so every caller sees the same
  // message. The driver is never destroyed, so objects with static storage
  // duration may still use it during exit.
  static Expected<Driver *> loaded = []() -> Expected<Driver *> {
    Expected<std::unique_ptr<Driver>> driver = open(libraryName());
    if (!driver)
      return driver.error();
    return driver.take().release();
  }();
  if (!loaded)
    return loaded.error();
  return **loaded;
}

Driver::~Driver() = default;

Status Driver::check(int result, const char *what) const {
  if (result == CUDA_SUCCESS)
    return Status::success();
  auto code = static_cast<CUresult>(result);
  const char *name = nullptr, *text = nullptr;
  if (entryPoints && entryPoints->pcuGetErrorName &&
      entryPoints->pcuGetErrorName(code, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (entryPoints && entryPoints->pcuGetErrorString &&
      entryPoints->pcuGetErrorString(code, &text) != CUDA_SUCCESS)
    text = nullptr;
  if (name && text)
    return Status::errorf(what, " failed: ", text, " (", name, ")");
  return Status::errorf(what, " failed: CUDA error ", result);
}

Expected<int> Driver::deviceCount() const {
  int count = 0;
  HOPGEMM_RETURN_IF_ERROR(
      check(entryPoints->pcuDeviceGetCount(&count), "cuDeviceGetCount"));
  return count;
}

//===----------------------------------------------------------------------===//
// Device
//===----------------------------------------------------------------------===//

Expected<Device> Device::open(const Driver &driver, int ordinal) {
  const DriverApi &api = driver.api();
  Expected<int> count = driver.deviceCount();
  if (!count)
    return count.error();
  if (*count == 0)
    return Status::error("no CUDA device found");
  if (ordinal < 0 || ordinal >= *count)
    return Status::errorf("device ", ordinal, " does not exist (", *count,
                          " device", *count == 1 ? "" : "s", " found)");
  Device dev;
  dev.drv = &driver;
  dev.info.ordinal = ordinal;
  HOPGEMM_RETURN_IF_ERROR(
      driver.check(api.pcuDeviceGet(&dev.device, ordinal), "cuDeviceGet"));
  char name[256] = {};
  HOPGEMM_RETURN_IF_ERROR(
      driver.check(api.pcuDeviceGetName(name, sizeof(name) - 1, dev.device),
                   "cuDeviceGetName"));
  dev.info.name = name;
  auto attribute = [&](CUdevice_attribute attr, int &out) {
    return driver.check(api.pcuDeviceGetAttribute(&out, attr, dev.device),
                        "cuDeviceGetAttribute");
  };
  int smemOptin = 0, l2 = 0;
  HOPGEMM_RETURN_IF_ERROR(attribute(
      CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev.info.ccMajor));
  HOPGEMM_RETURN_IF_ERROR(attribute(
      CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev.info.ccMinor));
  HOPGEMM_RETURN_IF_ERROR(
      attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev.info.smCount));
  HOPGEMM_RETURN_IF_ERROR(attribute(
      CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, smemOptin));
  HOPGEMM_RETURN_IF_ERROR(attribute(CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE, l2));
  dev.info.maxSmemPerBlockOptin = smemOptin;
  dev.l2Bytes = l2;

  CUcontext ctx = nullptr;
  HOPGEMM_RETURN_IF_ERROR(
      driver.check(api.pcuDevicePrimaryCtxRetain(&ctx, dev.device),
                   "cuDevicePrimaryCtxRetain"));
  dev.context = ctx;
  HOPGEMM_RETURN_IF_ERROR(dev.makeCurrent());
  return dev;
}

Device::Device(Device &&other) noexcept
    : drv(other.drv), device(other.device), context(other.context),
      info(std::move(other.info)), l2Bytes(other.l2Bytes) {
  other.context = nullptr;
}

Device::~Device() {
  if (context)
    drv->api().pcuDevicePrimaryCtxRelease(device);
}

Status Device::makeCurrent() const {
  return drv->check(
      drv->api().pcuCtxSetCurrent(static_cast<CUcontext>(context)),
      "cuCtxSetCurrent");
}

//===----------------------------------------------------------------------===//
// DeviceBuffer
//===----------------------------------------------------------------------===//

Expected<DeviceBuffer> DeviceBuffer::allocate(const Device &device,
                                              std::size_t bytes) {
  return allocate(device.driver(), bytes);
}

Expected<DeviceBuffer> DeviceBuffer::allocate(const Driver &driver,
                                              std::size_t bytes) {
  DeviceBuffer buffer;
  buffer.drv = &driver;
  if (bytes == 0)
    return buffer;
  CUdeviceptr ptr = 0;
  Status s = buffer.drv->check(buffer.drv->api().pcuMemAlloc(&ptr, bytes),
                               "cuMemAlloc");
  if (!s)
    return s.withContext(strCat("allocating ", bytes, " bytes"));
  buffer.address = ptr;
  buffer.bytes = bytes;
  return buffer;
}

DeviceBuffer::~DeviceBuffer() { reset(); }

void DeviceBuffer::reset() {
  if (address)
    drv->api().pcuMemFree(address);
  address = 0;
  bytes = 0;
}

DeviceBuffer::DeviceBuffer(DeviceBuffer &&other) noexcept
    : drv(other.drv), address(other.address), bytes(other.bytes) {
  other.address = 0;
  other.bytes = 0;
}

DeviceBuffer &DeviceBuffer::operator=(DeviceBuffer &&other) noexcept {
  if (this != &other) {
    reset();
    drv = other.drv;
    address = other.address;
    bytes = other.bytes;
    other.address = 0;
    other.bytes = 0;
  }
  return *this;
}

static Status checkRange(std::size_t offset, std::size_t size,
                         std::size_t bytes) {
  if (offset > bytes || size > bytes - offset)
    return Status::errorf("copy of ", size, " bytes at offset ", offset,
                          " exceeds the ", bytes, "-byte buffer");
  return Status::success();
}

Status DeviceBuffer::upload(const void *host, std::size_t size,
                            std::size_t offset) {
  HOPGEMM_RETURN_IF_ERROR(checkRange(offset, size, bytes));
  if (size == 0)
    return Status::success();
  return drv->check(drv->api().pcuMemcpyHtoD(address + offset, host, size),
                    "cuMemcpyHtoD");
}

Status DeviceBuffer::download(void *host, std::size_t size,
                              std::size_t offset) const {
  HOPGEMM_RETURN_IF_ERROR(checkRange(offset, size, bytes));
  if (size == 0)
    return Status::success();
  return drv->check(drv->api().pcuMemcpyDtoH(host, address + offset, size),
                    "cuMemcpyDtoH");
}

Status DeviceBuffer::fillBytes(std::uint8_t value) {
  if (bytes == 0)
    return Status::success();
  return drv->check(drv->api().pcuMemsetD8(address, value, bytes),
                    "cuMemsetD8");
}

//===----------------------------------------------------------------------===//
// Stream and Event
//===----------------------------------------------------------------------===//

Expected<Stream> Stream::create(const Device &device) {
  Stream s;
  s.drv = &device.driver();
  CUstream stream = nullptr;
  // A blocking stream: work on it is ordered after the synchronous copies and
  // memsets of DeviceBuffer, which run on the legacy default stream and may
  // still be in flight when they return (pageable uploads, memsets).
  HOPGEMM_RETURN_IF_ERROR(
      s.drv->check(s.drv->api().pcuStreamCreate(&stream, CU_STREAM_DEFAULT),
                   "cuStreamCreate"));
  s.stream = stream;
  return s;
}

Stream::Stream(Stream &&other) noexcept : drv(other.drv), stream(other.stream) {
  other.stream = nullptr;
}

Stream::~Stream() {
  if (stream)
    drv->api().pcuStreamDestroy(static_cast<CUstream>(stream));
}

Status Stream::synchronize() const {
  return drv->check(
      drv->api().pcuStreamSynchronize(static_cast<CUstream>(stream)),
      "cuStreamSynchronize");
}

Status Stream::memsetD32(DevicePtr ptr, std::uint32_t value,
                         std::size_t count) const {
  return drv->check(drv->api().pcuMemsetD32Async(ptr, value, count,
                                                 static_cast<CUstream>(stream)),
                    "cuMemsetD32Async");
}

Expected<Event> Event::create(const Device &device) {
  Event e;
  e.drv = &device.driver();
  CUevent event = nullptr;
  HOPGEMM_RETURN_IF_ERROR(e.drv->check(
      e.drv->api().pcuEventCreate(&event, CU_EVENT_DEFAULT), "cuEventCreate"));
  e.event = event;
  return e;
}

Event::Event(Event &&other) noexcept : drv(other.drv), event(other.event) {
  other.event = nullptr;
}

Event::~Event() {
  if (event)
    drv->api().pcuEventDestroy(static_cast<CUevent>(event));
}

Status Event::record(const Stream &stream) const {
  return drv->check(
      drv->api().pcuEventRecord(static_cast<CUevent>(event),
                                static_cast<CUstream>(stream.handle())),
      "cuEventRecord");
}

Status Event::synchronize() const {
  return drv->check(drv->api().pcuEventSynchronize(static_cast<CUevent>(event)),
                    "cuEventSynchronize");
}

Expected<float> Event::elapsedMs(const Event &start, const Event &end) {
  float ms = 0;
  HOPGEMM_RETURN_IF_ERROR(start.drv->check(
      start.drv->api().pcuEventElapsedTime(&ms,
                                           static_cast<CUevent>(start.event),
                                           static_cast<CUevent>(end.event)),
      "cuEventElapsedTime"));
  return ms;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

Expected<std::string> hopgemm::readFile(const std::string &path) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return Status::errorf("cannot open '", path, "': ", std::strerror(errno));
  std::string content;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0)
    content.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed)
    return Status::errorf("cannot read '", path, "'");
  return content;
}
