//===- Runtime.h - loading and launching GEMM kernels -----------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// A thin RAII layer over the CUDA Driver API for kernels produced by
// gemm-opt. The driver is loaded at run time (dlopen of libcuda.so.1), so
// programs built with this library start, and report a clear error, on
// machines without a GPU.
//
// Threading: every object assumes that its device's primary context is
// current on the calling thread. Device::open makes it current on the thread
// that opens it; other threads call Device::makeCurrent first.
//
// Lifetimes: destroy buffers, streams, events, modules and kernels before the
// Device they were created on (it holds the context that owns them). The
// Driver returned by Driver::load lives for the whole process.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_RUNTIME_H
#define HOPGEMM_RUNTIME_RUNTIME_H

#include "hopgemm/Runtime/KernelMeta.h"
#include "hopgemm/Runtime/LaunchPlan.h"
#include "hopgemm/Runtime/Status.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hopgemm {

namespace cuda {
struct DriverApi;
} // namespace cuda

/// The loaded CUDA driver: libcuda.so.1, or the library named by the
/// HOPGEMM_LIBCUDA environment variable (tests use it to simulate a missing
/// driver).
class Driver {
public:
  /// Loads and initializes the driver once per process. Without a driver the
  /// error reads "no CUDA driver found (libcuda.so.1 could not be loaded:
  /// <dlerror>)".
  static Expected<Driver &> load();
  /// Loads the driver library at `path` without caching; for tests.
  static Expected<std::unique_ptr<Driver>> open(const std::string &path);

  ~Driver();
  Driver(const Driver &) = delete;
  Driver &operator=(const Driver &) = delete;

  const cuda::DriverApi &api() const { return *entryPoints; }
  /// cuDriverGetVersion, e.g. 13000.
  int version() const { return driverVersion; }
  Expected<int> deviceCount() const;

  /// Turns a CUresult into a Status, e.g. "cuMemAlloc failed: out of memory
  /// (CUDA_ERROR_OUT_OF_MEMORY)".
  Status check(int result, const char *what) const;

private:
  Driver() = default;
  void *library = nullptr;
  std::unique_ptr<cuda::DriverApi> entryPoints;
  int driverVersion = 0;
};

/// One GPU with its primary context retained.
class Device {
public:
  static Expected<Device> open(const Driver &driver, int ordinal = 0);
  ~Device();
  Device(Device &&other) noexcept;
  Device &operator=(Device &&) = delete;
  Device(const Device &) = delete;

  const Driver &driver() const { return *drv; }
  const DeviceLimits &limits() const { return info; }
  int ordinal() const { return info.ordinal; }
  std::int64_t l2CacheBytes() const { return l2Bytes; }
  Status makeCurrent() const;

private:
  Device() = default;
  const Driver *drv = nullptr;
  int device = 0;
  void *context = nullptr;
  DeviceLimits info;
  std::int64_t l2Bytes = 0;
};

/// Device memory, freed on destruction. Copies and fills use the legacy
/// default stream: they are ordered before later work on a Stream, but a
/// caller launching on its own non-blocking stream must synchronize first.
class DeviceBuffer {
public:
  static Expected<DeviceBuffer> allocate(const Device &device,
                                         std::size_t bytes);
  /// Allocates in the context that is current on the calling thread.
  static Expected<DeviceBuffer> allocate(const Driver &driver,
                                         std::size_t bytes);
  DeviceBuffer() = default;
  ~DeviceBuffer();
  DeviceBuffer(DeviceBuffer &&other) noexcept;
  DeviceBuffer &operator=(DeviceBuffer &&other) noexcept;
  DeviceBuffer(const DeviceBuffer &) = delete;

  DevicePtr ptr() const { return address; }
  std::size_t size() const { return bytes; }

  /// Synchronous copies; the range must lie inside the buffer.
  Status upload(const void *host, std::size_t size, std::size_t offset = 0);
  Status download(void *host, std::size_t size, std::size_t offset = 0) const;
  /// Sets every byte (synchronously).
  Status fillBytes(std::uint8_t value);

private:
  void reset();
  const Driver *drv = nullptr;
  DevicePtr address = 0;
  std::size_t bytes = 0;
};

/// A CUDA stream that synchronizes with the legacy default stream, so kernels
/// launched on it see the results of DeviceBuffer's (synchronous) copies and
/// memsets.
class Stream {
public:
  static Expected<Stream> create(const Device &device);
  ~Stream();
  Stream(Stream &&other) noexcept;
  Stream &operator=(Stream &&) = delete;
  Stream(const Stream &) = delete;

  /// The CUstream, for interoperation.
  void *handle() const { return stream; }
  Status synchronize() const;
  /// Sets `count` 32-bit words at `ptr` asynchronously (L2 flushing).
  Status memsetD32(DevicePtr ptr, std::uint32_t value, std::size_t count) const;

private:
  Stream() = default;
  const Driver *drv = nullptr;
  void *stream = nullptr;
};

/// A CUDA event for timing.
class Event {
public:
  static Expected<Event> create(const Device &device);
  ~Event();
  Event(Event &&other) noexcept;
  Event &operator=(Event &&) = delete;
  Event(const Event &) = delete;

  Status record(const Stream &stream) const;
  Status synchronize() const;
  /// Milliseconds between two recorded, completed events.
  static Expected<float> elapsedMs(const Event &start, const Event &end);

private:
  Event() = default;
  const Driver *drv = nullptr;
  void *event = nullptr;
};

/// A loaded module (PTX is JIT-compiled by the driver; cubins load as is).
class Module {
public:
  /// `ptx` need not be NUL-terminated. JIT errors include the JIT log.
  static Expected<Module> loadPTX(const Device &device, std::string_view ptx);
  static Expected<Module> loadCubin(const Device &device,
                                    std::string_view image);
  /// Picks PTX or cubin from the content (cubins are ELF files).
  static Expected<Module> loadImage(const Device &device,
                                    std::string_view image);
  ~Module();
  Module(Module &&other) noexcept;
  Module &operator=(Module &&) = delete;
  Module(const Module &) = delete;

  /// The CUfunction named `name`.
  Expected<void *> function(const std::string &name) const;

private:
  Module() = default;
  static Expected<Module> load(const Device &device, const void *image,
                               bool isPTX);
  const Driver *drv = nullptr;
  void *module = nullptr;
};

/// A compiled GEMM kernel: its module, metadata and function.
class Kernel {
public:
  /// Checks that the kernel suits the device (compute capability, shared
  /// memory) and sets the function attributes it needs.
  static Expected<Kernel> create(const Device &device, Module module,
                                 KernelMeta meta);
  /// Loads `kernelPath` (.ptx or .cubin) with the metadata at `metaPath`,
  /// which defaults to the kernel path with a .json extension.
  static Expected<Kernel> loadFiles(const Device &device,
                                    const std::string &kernelPath,
                                    const std::string &metaPath = "");

  Kernel(Kernel &&) noexcept = default;
  Kernel &operator=(Kernel &&) = delete;
  Kernel(const Kernel &) = delete;

  const KernelMeta &meta() const { return metadata; }
  /// Validates `args` without launching.
  Expected<LaunchPlan> plan(const GemmArgs &args) const;

  /// Validates `args` and launches on `stream` (a CUstream; null is the
  /// legacy default stream).
  ///
  /// Descriptors passed "global" live in one device buffer per Kernel. They
  /// are uploaded with an async copy on the launch stream, ordered before
  /// the launch, and only when they differ from the last upload (so repeated
  /// launches with the same arguments copy nothing). The workspace of a
  /// split-K or stream-K kernel is one device buffer per Kernel too,
  /// allocated by the first launch and reallocated, after the launch stream
  /// is synchronized, by a launch that needs more; a new buffer's counters
  /// are zeroed with an async memset on the launch stream, ordered before
  /// the launch, and every launch leaves them zero. When the launch stream
  /// differs from the previous launch's stream, the previous stream is
  /// synchronized first: its upload or memset may be in flight and its kernel
  /// may still use the buffers. Hence a Kernel object must not be launched from
  /// several threads at once; use one Kernel per thread or stream.
  ///
  /// On a stream that is capturing a CUDA graph the launch is recorded, not
  /// run, and nothing may block or allocate: no stream is synchronized, and
  /// a launch that would need a new workspace fails and says to launch the
  /// kernel once before the capture (as torch.cuda.graph's warm-up does).
  /// A workspace a capture used is kept as long as the Kernel, even when a
  /// later launch needs a larger one, since the graph's launches use it.
  /// Graph replays and other launches of the Kernel that share the
  /// workspace must be ordered by the caller, like launches on different
  /// streams. Descriptors in global memory cannot be captured.
  Status launch(const GemmArgs &args, void *stream);
  Status launch(const GemmArgs &args, const Stream &stream) {
    return launch(args, stream.handle());
  }

private:
  Kernel(Module module, KernelMeta meta, const Driver &driver,
         DeviceLimits limits, void *function)
      : module(std::move(module)), metadata(std::move(meta)), drv(&driver),
        limits(std::move(limits)), function(function) {}

  /// Waits for the previous stream when switching streams (see launch).
  Status useStream(void *stream, const LaunchPlan &plan);
  /// Makes `workspace` large enough for `layout`, with zeroed counters.
  Status prepareWorkspace(const WorkspaceLayout &layout, void *stream);
  Status synchronize(void *stream) const;
  /// Whether `stream` is capturing a CUDA graph.
  Expected<bool> isCapturing(void *stream) const;
  /// Fails when a launch of `plan` cannot be recorded into a graph (see
  /// launch); marks the workspace as used by a graph.
  Status prepareCapture(const LaunchPlan &plan);

  using Descriptor = std::array<std::uint64_t, 16>;
  Module module;
  KernelMeta metadata;
  const Driver *drv;
  DeviceLimits limits;
  void *function;
  DeviceBuffer descriptorBuffer;
  std::vector<Descriptor> uploaded;
  DeviceBuffer workspace;
  /// Whether a captured launch uses `workspace`, and the earlier workspaces
  /// captured launches use: graphs may replay them while the Kernel lives.
  bool workspaceCaptured = false;
  std::vector<DeviceBuffer> capturedWorkspaces;
  /// The stream of the last launch that passed planning; its work may still
  /// use the buffers above.
  void *lastStream = nullptr;
  bool haveLastStream = false;
};

/// Reads a whole file; errors name the path.
Expected<std::string> readFile(const std::string &path);

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_RUNTIME_H
