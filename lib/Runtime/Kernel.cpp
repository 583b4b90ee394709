//===- Kernel.cpp - loading modules and launching GEMM kernels -----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "CudaDriverApi.h"
#include "hopgemm/Runtime/Runtime.h"

#include <cstring>

using namespace hopgemm;
using namespace hopgemm::cuda;

static_assert(sizeof(CUtensorMap) == 128, "CUtensorMap is 128 bytes");

/// The launch configuration of `grid` CTAs of `block` threads with
/// `smemBytes` of dynamic shared memory on `stream`, in clusters of
/// `clusterDim` CTAs when that is more than one (`cluster` holds the
/// attribute the configuration then points to).
static CUlaunchConfig
launchConfig(const std::uint32_t grid[3], const std::uint32_t block[3],
             std::uint32_t smemBytes, const std::uint32_t clusterDim[3],
             CUstream stream, CUlaunchAttribute &cluster) {
  CUlaunchConfig config = {};
  config.gridDimX = grid[0];
  config.gridDimY = grid[1];
  config.gridDimZ = grid[2];
  config.blockDimX = block[0];
  config.blockDimY = block[1];
  config.blockDimZ = block[2];
  config.sharedMemBytes = smemBytes;
  config.hStream = stream;
  cluster = {};
  if (clusterDim[0] * clusterDim[1] * clusterDim[2] > 1) {
    cluster.id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
    cluster.value.clusterDim.x = clusterDim[0];
    cluster.value.clusterDim.y = clusterDim[1];
    cluster.value.clusterDim.z = clusterDim[2];
    config.attrs = &cluster;
    config.numAttrs = 1;
  }
  return config;
}

//===----------------------------------------------------------------------===//
// Module
//===----------------------------------------------------------------------===//

Expected<Module> Module::load(const Device &device, const void *image,
                              bool isPTX) {
  Module m;
  m.drv = &device.driver();
  const DriverApi &api = m.drv->api();
  // The JIT log is the only useful part of a PTX compilation error.
  char errorLog[16384] = {};
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {errorLog,
                    reinterpret_cast<void *>(
                        static_cast<std::uintptr_t>(sizeof(errorLog) - 1))};
  CUmodule module = nullptr;
  CUresult r = api.pcuModuleLoadDataEx(&module, image, 2, options, values);
  if (r != CUDA_SUCCESS) {
    Status s = m.drv->check(r, "cuModuleLoadData");
    std::string message = s.message();
    if (r == CUDA_ERROR_UNSUPPORTED_PTX_VERSION)
      message += strCat(" (the driver supports CUDA ", m.drv->version() / 1000,
                        ".", m.drv->version() % 1000 / 10,
                        "; the PTX needs a newer driver)");
    if (errorLog[0])
      message += strCat("\n", isPTX ? "ptx jit log:\n" : "log:\n", errorLog);
    return Status::error(message);
  }
  m.module = module;
  return m;
}

Expected<Module> Module::loadPTX(const Device &device, std::string_view ptx) {
  // cuModuleLoadData reads PTX as a NUL-terminated string.
  std::string text(ptx);
  return load(device, text.c_str(), true);
}

Expected<Module> Module::loadCubin(const Device &device,
                                   std::string_view image) {
  if (image.size() < 4)
    return Status::errorf("cubin image of ", image.size(),
                          " bytes is too small");
  // Copy into 8-byte aligned storage: ELF headers are read in place.
  std::vector<std::uint64_t> aligned((image.size() + 7) / 8);
  std::memcpy(aligned.data(), image.data(), image.size());
  return load(device, aligned.data(), false);
}

Expected<Module> Module::loadImage(const Device &device,
                                   std::string_view image) {
  static constexpr char elfMagic[] = {0x7f, 'E', 'L', 'F'};
  static constexpr unsigned char fatbinMagic[] = {0x50, 0xed, 0x55, 0xba};
  if (image.size() >= 4 && (std::memcmp(image.data(), elfMagic, 4) == 0 ||
                            std::memcmp(image.data(), fatbinMagic, 4) == 0))
    return loadCubin(device, image);
  return loadPTX(device, image);
}

Module::Module(Module &&other) noexcept : drv(other.drv), module(other.module) {
  other.module = nullptr;
}

Module::~Module() {
  if (module)
    drv->api().pcuModuleUnload(static_cast<CUmodule>(module));
}

Expected<void *> Module::function(const std::string &name) const {
  CUfunction fn = nullptr;
  Status s = drv->check(drv->api().pcuModuleGetFunction(
                            &fn, static_cast<CUmodule>(module), name.c_str()),
                        "cuModuleGetFunction");
  if (!s)
    return Status::errorf("kernel entry '", name,
                          "' not found in the module: ", s.message());
  return static_cast<void *>(fn);
}

//===----------------------------------------------------------------------===//
// Kernel
//===----------------------------------------------------------------------===//

Expected<Kernel> Kernel::create(const Device &device, Module module,
                                KernelMeta meta) {
  const Driver &driver = device.driver();
  HOPGEMM_RETURN_IF_ERROR(checkDevice(meta, device.limits()));
  Expected<void *> fn = module.function(meta.entry);
  if (!fn)
    return fn.error();
  auto function = static_cast<CUfunction>(*fn);
  if (meta.smemBytes > 48 * 1024)
    HOPGEMM_RETURN_IF_ERROR(driver.check(
        driver.api().pcuFuncSetAttribute(
            function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
            static_cast<int>(meta.smemBytes)),
        "cuFuncSetAttribute(max dynamic shared memory)"));
  if (meta.clusterSize() > 8)
    HOPGEMM_RETURN_IF_ERROR(driver.check(
        driver.api().pcuFuncSetAttribute(
            function, CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1),
        "cuFuncSetAttribute(non-portable cluster size)"));
  DeviceLimits limits = device.limits();
  if (meta.clusterSize() > 1 &&
      (meta.grid == GridKind::Persistent || meta.grid == GridKind::StreamK)) {
    // How many of this kernel's clusters fit at once caps its persistent or
    // stream-K grid (the grid below is any whole number of clusters: one
    // here).
    const std::uint32_t clusterDim[3] = {
        static_cast<std::uint32_t>(meta.clusterSize()), 1, 1};
    CUlaunchAttribute cluster;
    CUlaunchConfig config = launchConfig(
        clusterDim, meta.block, static_cast<std::uint32_t>(meta.smemBytes),
        clusterDim, nullptr, cluster);
    HOPGEMM_RETURN_IF_ERROR(
        driver.check(driver.api().pcuOccupancyMaxActiveClusters(
                         &limits.maxActiveClusters, function, &config),
                     "cuOccupancyMaxActiveClusters"));
    if (limits.maxActiveClusters < 1)
      return Status::errorf("no cluster of ", meta.clusterSize(),
                            " CTAs of kernel '", meta.entry,
                            "' fits on the device");
  }

  size_t globalMaps = 0;
  for (const ParamSpec &p : meta.params)
    if (p.kind == ParamKind::TensorMap && p.pass == TensorMapPass::Global)
      ++globalMaps;
  Kernel kernel(std::move(module), std::move(meta), driver, limits, *fn);
  if (globalMaps > 0) {
    // cuMemAlloc aligns to at least 256 bytes and descriptors sit at
    // multiples of 128, which satisfies the 64-byte alignment TMA needs.
    Expected<DeviceBuffer> buffer =
        DeviceBuffer::allocate(device, globalMaps * sizeof(CUtensorMap));
    if (!buffer)
      return buffer.error();
    kernel.descriptorBuffer = buffer.take();
  }
  return kernel;
}

Expected<Kernel> Kernel::loadFiles(const Device &device,
                                   const std::string &kernelPath,
                                   const std::string &metaPath) {
  std::string jsonPath = metaPath;
  if (jsonPath.empty()) {
    size_t dot = kernelPath.find_last_of('.');
    size_t slash = kernelPath.find_last_of('/');
    jsonPath =
        (dot != std::string::npos && (slash == std::string::npos || dot > slash)
             ? kernelPath.substr(0, dot)
             : kernelPath) +
        ".json";
  }
  Expected<std::string> jsonText = readFile(jsonPath);
  if (!jsonText)
    return jsonText.error();
  Expected<KernelMeta> meta = KernelMeta::parse(*jsonText);
  if (!meta)
    return meta.error().withContext(jsonPath);
  Expected<std::string> image = readFile(kernelPath);
  if (!image)
    return image.error();
  Expected<Module> module = Module::loadImage(device, *image);
  if (!module)
    return module.error().withContext(kernelPath);
  return create(device, module.take(), meta.take());
}

Expected<LaunchPlan> Kernel::plan(const GemmArgs &args) const {
  return planLaunch(metadata, args, limits);
}

Status Kernel::synchronize(void *stream) const {
  return drv->check(
      drv->api().pcuStreamSynchronize(static_cast<CUstream>(stream)),
      "cuStreamSynchronize");
}

Status Kernel::useStream(void *stream, const LaunchPlan &plan) {
  // Another stream than last time may still be writing the descriptors or
  // the workspace counters, or running a kernel that uses them.
  bool ownsBuffers = descriptorBuffer.size() != 0 || plan.workspace.bytes != 0;
  if (ownsBuffers && haveLastStream && lastStream != stream)
    HOPGEMM_RETURN_IF_ERROR(synchronize(lastStream));
  lastStream = stream;
  haveLastStream = true;
  return Status::success();
}

Status Kernel::prepareWorkspace(const WorkspaceLayout &layout, void *stream) {
  // Launches leave the counters zero, so a large enough buffer is reused.
  if (layout.bytes <= workspace.size())
    return Status::success();
  // The last launch, on this stream (see useStream), may still use the old
  // buffer. Freeing it first keeps the peak down, unless a captured graph
  // uses it.
  if (workspaceCaptured) {
    capturedWorkspaces.push_back(std::move(workspace));
    workspaceCaptured = false;
  } else if (workspace.size() != 0) {
    HOPGEMM_RETURN_IF_ERROR(synchronize(stream));
  }
  workspace = DeviceBuffer();
  Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(*drv, layout.bytes);
  if (!buffer)
    return buffer.error().withContext("workspace");
  // Stream-ordered before the launch. partialOffset is a multiple of 256, so
  // 32-bit words cover the counters and their padding exactly.
  HOPGEMM_RETURN_IF_ERROR(drv->check(
      drv->api().pcuMemsetD32Async(buffer->ptr(), 0, layout.partialOffset / 4,
                                   static_cast<CUstream>(stream)),
      "cuMemsetD32Async(workspace counters)"));
  workspace = buffer.take();
  return Status::success();
}

Expected<bool> Kernel::isCapturing(void *stream) const {
  CUstreamCaptureStatus status = CU_STREAM_CAPTURE_STATUS_NONE;
  HOPGEMM_RETURN_IF_ERROR(drv->check(
      drv->api().pcuStreamIsCapturing(static_cast<CUstream>(stream), &status),
      "cuStreamIsCapturing"));
  return status != CU_STREAM_CAPTURE_STATUS_NONE;
}

Status Kernel::prepareCapture(const LaunchPlan &plan) {
  if (descriptorBuffer.size() != 0)
    return Status::errorf(
        "kernel '", metadata.entry,
        "' passes its TMA descriptors in global memory (metadata \"pass\": "
        "\"global\"), which a CUDA graph cannot capture; recompile it");
  if (plan.workspace.bytes > workspace.size())
    return Status::errorf(
        "kernel '", metadata.entry, "' needs a workspace of ",
        plan.workspace.bytes,
        " bytes, which cannot be allocated while the stream captures a CUDA "
        "graph; launch the kernel once with these sizes before the capture "
        "(as torch.cuda.graph's warm-up does)");
  if (plan.workspace.bytes != 0)
    workspaceCaptured = true;
  return Status::success();
}

Status Kernel::launch(const GemmArgs &args, void *streamHandle) {
  const DriverApi &api = drv->api();
  auto stream = static_cast<CUstream>(streamHandle);
  Expected<LaunchPlan> plan = planLaunch(metadata, args, limits);
  if (!plan)
    return plan.error();
  Expected<bool> capturing = isCapturing(streamHandle);
  if (!capturing)
    return capturing.error();
  if (*capturing) {
    // Recorded, not run: nothing to wait for, nothing to allocate.
    HOPGEMM_RETURN_IF_ERROR(prepareCapture(*plan));
  } else {
    HOPGEMM_RETURN_IF_ERROR(useStream(streamHandle, *plan));
    HOPGEMM_RETURN_IF_ERROR(prepareWorkspace(plan->workspace, streamHandle));
  }

  // Kernel parameter storage; kernelParams points into it, so the vectors
  // are sized up front and never reallocate.
  const size_t numParams = plan->params.size();
  std::vector<CUtensorMap> gridConstantMaps(numParams);
  std::vector<Descriptor> globalMaps;
  std::vector<std::uint64_t> words(numParams);
  std::vector<std::int32_t> ints(numParams);
  std::vector<void *> kernelParams(numParams);

  for (size_t i = 0; i < numParams; ++i) {
    const PlannedParam &p = plan->params[i];
    switch (p.kind) {
    case ParamKind::I32:
      ints[i] = p.i32;
      kernelParams[i] = &ints[i];
      break;
    case ParamKind::Pointer:
      words[i] = p.pointer;
      kernelParams[i] = &words[i];
      break;
    case ParamKind::Workspace:
      words[i] = workspace.ptr();
      kernelParams[i] = &words[i];
      break;
    case ParamKind::TensorMap: {
      const TmaDescArgs &t = p.tma;
      CUtensorMap map;
      Status s = drv->check(
          api.pcuTensorMapEncodeTiled(
              &map, static_cast<CUtensorMapDataType>(t.dataType), t.rank,
              reinterpret_cast<void *>(
                  static_cast<std::uintptr_t>(t.globalAddress)),
              t.globalDim, t.globalStrides, t.boxDim, t.elementStrides,
              static_cast<CUtensorMapInterleave>(t.interleave),
              static_cast<CUtensorMapSwizzle>(t.swizzle),
              static_cast<CUtensorMapL2promotion>(t.l2Promotion),
              static_cast<CUtensorMapFloatOOBfill>(t.oobFill)),
          "cuTensorMapEncodeTiled");
      if (!s)
        return s.withContext(
            strCat("tensor ", tensorName(p.tensor), " (dims [", t.globalDim[0],
                   ", ", t.globalDim[1], "], stride ", t.globalStrides[0],
                   " bytes, box [", t.boxDim[0], ", ", t.boxDim[1], "])"));
      if (p.pass == TensorMapPass::GridConstant) {
        gridConstantMaps[i] = map;
        kernelParams[i] = &gridConstantMaps[i];
      } else {
        Descriptor d;
        std::memcpy(d.data(), &map, sizeof(map));
        words[i] = descriptorBuffer.ptr() + globalMaps.size() * sizeof(map);
        globalMaps.push_back(d);
        kernelParams[i] = &words[i];
      }
      break;
    }
    }
  }

  // Stream-ordered before the launch below. The source is pageable host
  // memory, which the driver stages before the call returns.
  if (!globalMaps.empty() && globalMaps != uploaded) {
    HOPGEMM_RETURN_IF_ERROR(drv->check(
        api.pcuMemcpyHtoDAsync(descriptorBuffer.ptr(), globalMaps.data(),
                               globalMaps.size() * sizeof(Descriptor), stream),
        "cuMemcpyHtoDAsync(tensor map descriptors)"));
    uploaded = std::move(globalMaps);
  }

  CUlaunchAttribute cluster;
  CUlaunchConfig config = launchConfig(plan->grid, plan->block, plan->smemBytes,
                                       plan->clusterDim, stream, cluster);
  HOPGEMM_RETURN_IF_ERROR(drv->check(
      api.pcuLaunchKernelEx(&config, static_cast<CUfunction>(function),
                            kernelParams.data(), nullptr),
      "cuLaunchKernelEx"));
  return Status::success();
}
