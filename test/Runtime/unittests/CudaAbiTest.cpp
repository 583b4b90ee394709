//===- CudaAbiTest.cpp - our Driver API declarations vs cuda.h -----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// CudaDriverApi.h copies enum values and struct layouts from cuda.h so that
// the runtime builds without the CUDA toolkit. This file, compiled only when
// CMake finds cuda.h, checks the copy at compile time; a mismatch would pass
// wrong arguments to the driver.
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include "CudaDriverApi.h"
#include "TestHarness.h"
#include "hopgemm/Runtime/LaunchPlan.h"

#include <cstddef>
#include <type_traits>

namespace ours = hopgemm::cuda;

#define SAME_VALUE(name)                                                       \
  static_assert(static_cast<long long>(ours::name) ==                          \
                    static_cast<long long>(::name),                            \
                #name " differs from cuda.h")

SAME_VALUE(CUDA_SUCCESS);
SAME_VALUE(CUDA_ERROR_INVALID_VALUE);
SAME_VALUE(CUDA_ERROR_OUT_OF_MEMORY);
SAME_VALUE(CUDA_ERROR_NOT_INITIALIZED);
SAME_VALUE(CUDA_ERROR_STUB_LIBRARY);
SAME_VALUE(CUDA_ERROR_NO_DEVICE);
SAME_VALUE(CUDA_ERROR_INVALID_DEVICE);
SAME_VALUE(CUDA_ERROR_INVALID_PTX);
SAME_VALUE(CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
SAME_VALUE(CUDA_ERROR_NOT_FOUND);
SAME_VALUE(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED);
SAME_VALUE(CU_GET_PROC_ADDRESS_SUCCESS);
SAME_VALUE(CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND);
SAME_VALUE(CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT);
SAME_VALUE(CU_GET_PROC_ADDRESS_DEFAULT);
SAME_VALUE(CU_GET_PROC_ADDRESS_LEGACY_STREAM);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
SAME_VALUE(CU_DEVICE_ATTRIBUTE_CLUSTER_LAUNCH);
SAME_VALUE(CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES);
SAME_VALUE(CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED);
SAME_VALUE(CU_JIT_INFO_LOG_BUFFER);
SAME_VALUE(CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES);
SAME_VALUE(CU_JIT_ERROR_LOG_BUFFER);
SAME_VALUE(CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
SAME_VALUE(CU_STREAM_DEFAULT);
SAME_VALUE(CU_STREAM_NON_BLOCKING);
SAME_VALUE(CU_EVENT_DEFAULT);
SAME_VALUE(CU_STREAM_CAPTURE_STATUS_NONE);
SAME_VALUE(CU_STREAM_CAPTURE_STATUS_ACTIVE);
SAME_VALUE(CU_STREAM_CAPTURE_STATUS_INVALIDATED);
SAME_VALUE(CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION);
SAME_VALUE(CU_TENSOR_MAP_DATA_TYPE_UINT8);
SAME_VALUE(CU_TENSOR_MAP_DATA_TYPE_FLOAT16);
SAME_VALUE(CU_TENSOR_MAP_DATA_TYPE_FLOAT32);
SAME_VALUE(CU_TENSOR_MAP_DATA_TYPE_BFLOAT16);
SAME_VALUE(CU_TENSOR_MAP_INTERLEAVE_NONE);
SAME_VALUE(CU_TENSOR_MAP_SWIZZLE_NONE);
SAME_VALUE(CU_TENSOR_MAP_SWIZZLE_32B);
SAME_VALUE(CU_TENSOR_MAP_SWIZZLE_64B);
SAME_VALUE(CU_TENSOR_MAP_SWIZZLE_128B);
SAME_VALUE(CU_TENSOR_MAP_L2_PROMOTION_NONE);
SAME_VALUE(CU_TENSOR_MAP_L2_PROMOTION_L2_256B);
SAME_VALUE(CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
static_assert(ours::kTensorMapNumQwords == CU_TENSOR_MAP_NUM_QWORDS, "");
static_assert(ours::kApiVersion <= CUDA_VERSION,
              "the ABI we describe must not be newer than cuda.h");

// The public mirrors of the tensor-map enums in LaunchPlan.h.
#define SAME_PUBLIC(ours_, theirs)                                             \
  static_assert(static_cast<long long>(hopgemm::ours_) ==                      \
                    static_cast<long long>(theirs),                            \
                #ours_ " differs from cuda.h")
SAME_PUBLIC(TmaDataType::UInt8, CU_TENSOR_MAP_DATA_TYPE_UINT8);
SAME_PUBLIC(TmaDataType::Float16, CU_TENSOR_MAP_DATA_TYPE_FLOAT16);
SAME_PUBLIC(TmaDataType::Int32, CU_TENSOR_MAP_DATA_TYPE_INT32);
SAME_PUBLIC(TmaDataType::Float32, CU_TENSOR_MAP_DATA_TYPE_FLOAT32);
SAME_PUBLIC(TmaDataType::BFloat16, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16);
SAME_PUBLIC(TmaInterleave::None, CU_TENSOR_MAP_INTERLEAVE_NONE);
SAME_PUBLIC(TmaSwizzle::None, CU_TENSOR_MAP_SWIZZLE_NONE);
SAME_PUBLIC(TmaSwizzle::B32, CU_TENSOR_MAP_SWIZZLE_32B);
SAME_PUBLIC(TmaSwizzle::B64, CU_TENSOR_MAP_SWIZZLE_64B);
SAME_PUBLIC(TmaSwizzle::B128, CU_TENSOR_MAP_SWIZZLE_128B);
SAME_PUBLIC(TmaL2Promotion::None, CU_TENSOR_MAP_L2_PROMOTION_NONE);
SAME_PUBLIC(TmaL2Promotion::L2_256B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B);
SAME_PUBLIC(TmaOobFill::None, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);

// Scalar and handle types.
static_assert(std::is_same_v<ours::CUdeviceptr, ::CUdeviceptr>, "");
static_assert(std::is_same_v<ours::CUdevice, ::CUdevice>, "");
static_assert(std::is_same_v<ours::cuuint32_t, ::cuuint32_t>, "");
static_assert(std::is_same_v<ours::cuuint64_t, ::cuuint64_t>, "");
static_assert(sizeof(ours::CUresult) == sizeof(::CUresult), "");
static_assert(sizeof(ours::CUdevice_attribute) == sizeof(::CUdevice_attribute),
              "");
static_assert(sizeof(ours::CUtensorMapDataType) ==
                  sizeof(::CUtensorMapDataType),
              "");
static_assert(sizeof(ours::CUstreamCaptureStatus) ==
                  sizeof(::CUstreamCaptureStatus),
              "");
static_assert(sizeof(ours::CUlaunchAttributeID) ==
                  sizeof(::CUlaunchAttributeID),
              "");

// Struct layouts.
#define SAME_OFFSET(type, field)                                               \
  static_assert(offsetof(ours::type, field) == offsetof(::type, field),        \
                #type "::" #field " is at a different offset")
static_assert(sizeof(ours::CUtensorMap) == sizeof(::CUtensorMap), "");
static_assert(alignof(ours::CUtensorMap) >= alignof(::CUtensorMap), "");
static_assert(sizeof(ours::CUlaunchAttributeValue) ==
                  sizeof(::CUlaunchAttributeValue),
              "");
static_assert(alignof(ours::CUlaunchAttributeValue) ==
                  alignof(::CUlaunchAttributeValue),
              "");
static_assert(sizeof(ours::CUlaunchAttribute) == sizeof(::CUlaunchAttribute),
              "");
SAME_OFFSET(CUlaunchAttribute, id);
SAME_OFFSET(CUlaunchAttribute, value);
static_assert(offsetof(ours::CUlaunchAttributeValue, clusterDim) ==
                  offsetof(::CUlaunchAttributeValue, clusterDim),
              "");
static_assert(sizeof(ours::CUlaunchConfig) == sizeof(::CUlaunchConfig), "");
SAME_OFFSET(CUlaunchConfig, gridDimX);
SAME_OFFSET(CUlaunchConfig, gridDimY);
SAME_OFFSET(CUlaunchConfig, gridDimZ);
SAME_OFFSET(CUlaunchConfig, blockDimX);
SAME_OFFSET(CUlaunchConfig, blockDimY);
SAME_OFFSET(CUlaunchConfig, blockDimZ);
SAME_OFFSET(CUlaunchConfig, sharedMemBytes);
SAME_OFFSET(CUlaunchConfig, hStream);
SAME_OFFSET(CUlaunchConfig, attrs);
SAME_OFFSET(CUlaunchConfig, numAttrs);

// Entry point signatures: the same after mapping each of our enums and
// handles to cuda.h's, so a wrong parameter list does not compile.
namespace {
template <typename T> struct ToCuda {
  using type = T;
};
template <typename T> struct ToCuda<T *> {
  using type = typename ToCuda<T>::type *;
};
template <typename T> struct ToCuda<const T *> {
  using type = const typename ToCuda<T>::type *;
};
#define MAP_TYPE(name)                                                         \
  template <> struct ToCuda<ours::name> {                                      \
    using type = ::name;                                                       \
  };
MAP_TYPE(CUresult)
MAP_TYPE(CUdriverProcAddressQueryResult)
MAP_TYPE(CUdevice_attribute)
MAP_TYPE(CUfunction_attribute)
MAP_TYPE(CUjit_option)
MAP_TYPE(CUlaunchConfig)
MAP_TYPE(CUtensorMap)
MAP_TYPE(CUtensorMapDataType)
MAP_TYPE(CUstreamCaptureStatus)
MAP_TYPE(CUtensorMapInterleave)
MAP_TYPE(CUtensorMapSwizzle)
MAP_TYPE(CUtensorMapL2promotion)
MAP_TYPE(CUtensorMapFloatOOBfill)
MAP_TYPE(CUctx_st)
MAP_TYPE(CUmod_st)
MAP_TYPE(CUfunc_st)
MAP_TYPE(CUstream_st)
MAP_TYPE(CUevent_st)
template <typename R, typename... Args> struct ToCuda<R (*)(Args...)> {
  using type =
      typename ToCuda<R>::type(CUDAAPI *)(typename ToCuda<Args>::type...);
};
} // namespace

// cuda.h's declarations of the versions cuGetProcAddress returns for 12000.
#define SAME_SIGNATURE(ourName, cudaFunction)                                  \
  static_assert(std::is_same_v<ToCuda<ours::PFN_##ourName>::type,              \
                               decltype(&cudaFunction)>,                       \
                #ourName " has a different signature in cuda.h")
SAME_SIGNATURE(cuGetProcAddress_v2, ::cuGetProcAddress_v2);
SAME_SIGNATURE(cuGetErrorString, ::cuGetErrorString);
SAME_SIGNATURE(cuGetErrorName, ::cuGetErrorName);
SAME_SIGNATURE(cuInit, ::cuInit);
SAME_SIGNATURE(cuDriverGetVersion, ::cuDriverGetVersion);
SAME_SIGNATURE(cuDeviceGet, ::cuDeviceGet);
SAME_SIGNATURE(cuDeviceGetCount, ::cuDeviceGetCount);
SAME_SIGNATURE(cuDeviceGetAttribute, ::cuDeviceGetAttribute);
SAME_SIGNATURE(cuDeviceGetName, ::cuDeviceGetName);
SAME_SIGNATURE(cuDevicePrimaryCtxRetain, ::cuDevicePrimaryCtxRetain);
SAME_SIGNATURE(cuDevicePrimaryCtxRelease, ::cuDevicePrimaryCtxRelease_v2);
SAME_SIGNATURE(cuCtxSetCurrent, ::cuCtxSetCurrent);
SAME_SIGNATURE(cuModuleLoadData, ::cuModuleLoadData);
SAME_SIGNATURE(cuModuleLoadDataEx, ::cuModuleLoadDataEx);
SAME_SIGNATURE(cuModuleUnload, ::cuModuleUnload);
SAME_SIGNATURE(cuModuleGetFunction, ::cuModuleGetFunction);
SAME_SIGNATURE(cuModuleGetGlobal, ::cuModuleGetGlobal_v2);
SAME_SIGNATURE(cuFuncSetAttribute, ::cuFuncSetAttribute);
SAME_SIGNATURE(cuLaunchKernelEx, ::cuLaunchKernelEx);
SAME_SIGNATURE(cuOccupancyMaxActiveClusters, ::cuOccupancyMaxActiveClusters);
SAME_SIGNATURE(cuMemAlloc, ::cuMemAlloc_v2);
SAME_SIGNATURE(cuMemFree, ::cuMemFree_v2);
SAME_SIGNATURE(cuMemcpyHtoD, ::cuMemcpyHtoD_v2);
SAME_SIGNATURE(cuMemcpyDtoH, ::cuMemcpyDtoH_v2);
SAME_SIGNATURE(cuMemcpyHtoDAsync, ::cuMemcpyHtoDAsync_v2);
SAME_SIGNATURE(cuMemcpyDtoHAsync, ::cuMemcpyDtoHAsync_v2);
SAME_SIGNATURE(cuMemsetD8, ::cuMemsetD8_v2);
SAME_SIGNATURE(cuMemsetD32Async, ::cuMemsetD32Async);
SAME_SIGNATURE(cuStreamCreate, ::cuStreamCreate);
SAME_SIGNATURE(cuStreamSynchronize, ::cuStreamSynchronize);
SAME_SIGNATURE(cuStreamIsCapturing, ::cuStreamIsCapturing);
SAME_SIGNATURE(cuStreamDestroy, ::cuStreamDestroy_v2);
SAME_SIGNATURE(cuEventCreate, ::cuEventCreate);
SAME_SIGNATURE(cuEventRecord, ::cuEventRecord);
SAME_SIGNATURE(cuEventSynchronize, ::cuEventSynchronize);
SAME_SIGNATURE(cuEventElapsedTime, ::cuEventElapsedTime_v2);
SAME_SIGNATURE(cuEventDestroy, ::cuEventDestroy_v2);
SAME_SIGNATURE(cuTensorMapEncodeTiled, ::cuTensorMapEncodeTiled);

// The checks above are compile-time; this records that they were compiled.
TEST(cuda_abi_matches_cuda_h) { CHECK(true); }
