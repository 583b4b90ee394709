//===- CudaDriverApi.h - the CUDA Driver API subset we use ------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The runtime must build without the CUDA toolkit and run where there is no
// driver, so it does not include cuda.h or link libcuda. This header declares
// the types, enum values and entry point signatures it needs, copied from
// CUDA 13.0's cuda.h (ABI of the CUDA 12.0 versions of each entry point, which
// is what Driver asks cuGetProcAddress for). CudaAbiTest.cpp checks every
// value and layout against cuda.h when that header is available.
//
// Everything lives in hopgemm::cuda so that it can coexist with cuda.h in that
// test; no name here may be a macro in cuda.h.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_LIB_RUNTIME_CUDADRIVERAPI_H
#define HOPGEMM_LIB_RUNTIME_CUDADRIVERAPI_H

#include <cstddef>
#include <cstdint>

namespace hopgemm::cuda {

using cuuint32_t = std::uint32_t;
using cuuint64_t = std::uint64_t;
using CUdeviceptr = unsigned long long;
using CUdevice = int;
struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;
struct CUevent_st;
using CUcontext = CUctx_st *;
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUstream = CUstream_st *;
using CUevent = CUevent_st *;

/// The driver API version whose entry point ABIs this header describes.
constexpr int kApiVersion = 12000;

enum CUresult : int {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NOT_INITIALIZED = 3,
  CUDA_ERROR_STUB_LIBRARY = 34,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_INVALID_PTX = 218,
  CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222,
  CUDA_ERROR_NOT_FOUND = 500,
  CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900,
};

enum CUdriverProcAddressQueryResult : int {
  CU_GET_PROC_ADDRESS_SUCCESS = 0,
  CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND = 1,
  CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT = 2,
};

enum CUdriverProcAddress_flags : int {
  CU_GET_PROC_ADDRESS_DEFAULT = 0,
  CU_GET_PROC_ADDRESS_LEGACY_STREAM = 1,
};

enum CUdevice_attribute : int {
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8,
  CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16,
  CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE = 38,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
  CU_DEVICE_ATTRIBUTE_CLUSTER_LAUNCH = 120,
};

enum CUfunction_attribute : int {
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED = 14,
};

enum CUjit_option : int {
  CU_JIT_INFO_LOG_BUFFER = 3,
  CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
};

enum CUstream_flags : int {
  CU_STREAM_DEFAULT = 0,
  CU_STREAM_NON_BLOCKING = 1,
};

enum CUstreamCaptureStatus : int {
  CU_STREAM_CAPTURE_STATUS_NONE = 0,
  CU_STREAM_CAPTURE_STATUS_ACTIVE = 1,
  CU_STREAM_CAPTURE_STATUS_INVALIDATED = 2,
};

enum CUevent_flags : int {
  CU_EVENT_DEFAULT = 0,
};

enum CUlaunchAttributeID : int {
  CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION = 4,
};

union CUlaunchAttributeValue {
  char pad[64];
  struct {
    unsigned int x;
    unsigned int y;
    unsigned int z;
  } clusterDim;
  // Other members hold pointers; this keeps the union's 8-byte alignment.
  void *pointerAlignment;
};

struct CUlaunchAttribute {
  CUlaunchAttributeID id;
  char pad[8 - sizeof(CUlaunchAttributeID)];
  CUlaunchAttributeValue value;
};

struct CUlaunchConfig {
  unsigned int gridDimX;
  unsigned int gridDimY;
  unsigned int gridDimZ;
  unsigned int blockDimX;
  unsigned int blockDimY;
  unsigned int blockDimZ;
  unsigned int sharedMemBytes;
  CUstream hStream;
  CUlaunchAttribute *attrs;
  unsigned int numAttrs;
};

constexpr int kTensorMapNumQwords = 16;

struct alignas(128) CUtensorMap {
  cuuint64_t opaque[kTensorMapNumQwords];
};

enum CUtensorMapDataType : int {
  CU_TENSOR_MAP_DATA_TYPE_UINT8 = 0,
  CU_TENSOR_MAP_DATA_TYPE_INT32 = 3,
  CU_TENSOR_MAP_DATA_TYPE_FLOAT16 = 6,
  CU_TENSOR_MAP_DATA_TYPE_FLOAT32 = 7,
  CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 = 9,
};

enum CUtensorMapInterleave : int {
  CU_TENSOR_MAP_INTERLEAVE_NONE = 0,
};

enum CUtensorMapSwizzle : int {
  CU_TENSOR_MAP_SWIZZLE_NONE = 0,
  CU_TENSOR_MAP_SWIZZLE_32B = 1,
  CU_TENSOR_MAP_SWIZZLE_64B = 2,
  CU_TENSOR_MAP_SWIZZLE_128B = 3,
};

enum CUtensorMapL2promotion : int {
  CU_TENSOR_MAP_L2_PROMOTION_NONE = 0,
  CU_TENSOR_MAP_L2_PROMOTION_L2_256B = 3,
};

enum CUtensorMapFloatOOBfill : int {
  CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE = 0,
};

// Entry point signatures. The names are the un-suffixed API names that are
// passed to cuGetProcAddress (which picks e.g. cuMemAlloc_v2 for version
// 12000).
using PFN_cuGetProcAddress_v2 = CUresult (*)(const char *symbol, void **pfn,
                                             int cudaVersion, cuuint64_t flags,
                                             CUdriverProcAddressQueryResult *);
using PFN_cuGetErrorString = CUresult (*)(CUresult, const char **);
using PFN_cuGetErrorName = CUresult (*)(CUresult, const char **);
using PFN_cuInit = CUresult (*)(unsigned int flags);
using PFN_cuDriverGetVersion = CUresult (*)(int *version);
using PFN_cuDeviceGet = CUresult (*)(CUdevice *, int ordinal);
using PFN_cuDeviceGetCount = CUresult (*)(int *);
using PFN_cuDeviceGetAttribute = CUresult (*)(int *, CUdevice_attribute,
                                              CUdevice);
using PFN_cuDeviceGetName = CUresult (*)(char *, int, CUdevice);
using PFN_cuDevicePrimaryCtxRetain = CUresult (*)(CUcontext *, CUdevice);
using PFN_cuDevicePrimaryCtxRelease = CUresult (*)(CUdevice);
using PFN_cuCtxSetCurrent = CUresult (*)(CUcontext);
using PFN_cuModuleLoadData = CUresult (*)(CUmodule *, const void *);
using PFN_cuModuleLoadDataEx = CUresult (*)(CUmodule *, const void *,
                                            unsigned int, CUjit_option *,
                                            void **);
using PFN_cuModuleUnload = CUresult (*)(CUmodule);
using PFN_cuModuleGetFunction = CUresult (*)(CUfunction *, CUmodule,
                                             const char *);
using PFN_cuModuleGetGlobal = CUresult (*)(CUdeviceptr *, size_t *, CUmodule,
                                           const char *);
using PFN_cuFuncSetAttribute = CUresult (*)(CUfunction, CUfunction_attribute,
                                            int);
using PFN_cuLaunchKernelEx = CUresult (*)(const CUlaunchConfig *, CUfunction,
                                          void **kernelParams, void **extra);
using PFN_cuOccupancyMaxActiveClusters = CUresult (*)(int *, CUfunction,
                                                      const CUlaunchConfig *);
using PFN_cuMemAlloc = CUresult (*)(CUdeviceptr *, size_t);
using PFN_cuMemFree = CUresult (*)(CUdeviceptr);
using PFN_cuMemcpyHtoD = CUresult (*)(CUdeviceptr, const void *, size_t);
using PFN_cuMemcpyDtoH = CUresult (*)(void *, CUdeviceptr, size_t);
using PFN_cuMemcpyHtoDAsync = CUresult (*)(CUdeviceptr, const void *, size_t,
                                           CUstream);
using PFN_cuMemcpyDtoHAsync = CUresult (*)(void *, CUdeviceptr, size_t,
                                           CUstream);
using PFN_cuMemsetD8 = CUresult (*)(CUdeviceptr, unsigned char, size_t);
using PFN_cuMemsetD32Async = CUresult (*)(CUdeviceptr, unsigned int, size_t,
                                          CUstream);
using PFN_cuStreamCreate = CUresult (*)(CUstream *, unsigned int);
using PFN_cuStreamSynchronize = CUresult (*)(CUstream);
using PFN_cuStreamDestroy = CUresult (*)(CUstream);
using PFN_cuStreamIsCapturing = CUresult (*)(CUstream, CUstreamCaptureStatus *);
using PFN_cuEventCreate = CUresult (*)(CUevent *, unsigned int);
using PFN_cuEventRecord = CUresult (*)(CUevent, CUstream);
using PFN_cuEventSynchronize = CUresult (*)(CUevent);
using PFN_cuEventElapsedTime = CUresult (*)(float *, CUevent, CUevent);
using PFN_cuEventDestroy = CUresult (*)(CUevent);
using PFN_cuTensorMapEncodeTiled = CUresult (*)(
    CUtensorMap *, CUtensorMapDataType, cuuint32_t rank, void *globalAddress,
    const cuuint64_t *globalDim, const cuuint64_t *globalStrides,
    const cuuint32_t *boxDim, const cuuint32_t *elementStrides,
    CUtensorMapInterleave, CUtensorMapSwizzle, CUtensorMapL2promotion,
    CUtensorMapFloatOOBfill);

/// X-macro list of the entry points fetched through cuGetProcAddress.
#define HOPGEMM_CUDA_ENTRY_POINTS(X)                                           \
  X(cuGetErrorString)                                                          \
  X(cuGetErrorName)                                                            \
  X(cuInit)                                                                    \
  X(cuDriverGetVersion)                                                        \
  X(cuDeviceGet)                                                               \
  X(cuDeviceGetCount)                                                          \
  X(cuDeviceGetAttribute)                                                      \
  X(cuDeviceGetName)                                                           \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuDevicePrimaryCtxRelease)                                                 \
  X(cuCtxSetCurrent)                                                           \
  X(cuModuleLoadData)                                                          \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuModuleGetGlobal)                                                         \
  X(cuFuncSetAttribute)                                                        \
  X(cuLaunchKernelEx)                                                          \
  X(cuOccupancyMaxActiveClusters)                                              \
  X(cuMemAlloc)                                                                \
  X(cuMemFree)                                                                 \
  X(cuMemcpyHtoD)                                                              \
  X(cuMemcpyDtoH)                                                              \
  X(cuMemcpyHtoDAsync)                                                         \
  X(cuMemcpyDtoHAsync)                                                         \
  X(cuMemsetD8)                                                                \
  X(cuMemsetD32Async)                                                          \
  X(cuStreamCreate)                                                            \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamDestroy)                                                           \
  X(cuStreamIsCapturing)                                                       \
  X(cuEventCreate)                                                             \
  X(cuEventRecord)                                                             \
  X(cuEventSynchronize)                                                        \
  X(cuEventElapsedTime)                                                        \
  X(cuEventDestroy)                                                            \
  X(cuTensorMapEncodeTiled)

/// The driver's entry points. Field names carry a `p` prefix because many API
/// names are macros in cuda.h (cuMemAlloc -> cuMemAlloc_v2).
struct DriverApi {
#define HOPGEMM_CUDA_FIELD(name) PFN_##name p##name = nullptr;
  HOPGEMM_CUDA_ENTRY_POINTS(HOPGEMM_CUDA_FIELD)
#undef HOPGEMM_CUDA_FIELD
};

} // namespace hopgemm::cuda

#endif // HOPGEMM_LIB_RUNTIME_CUDADRIVERAPI_H
