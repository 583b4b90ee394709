//===- Reference.cu - the fp32 reference GEMM kernel ---------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// A plain tiled fp32 GEMM that dequantizes operands as it loads them. It is
// the yardstick for compiled kernels, so it favours obviously-correct code
// over speed: every element goes through the same decode functions as the
// CPU reference (Numerics.h), and dtype/scale handling is data-driven
// (ReferenceAbi.h) rather than templated.
//
// Compiled at build time with `nvcc -ptx -arch=compute_90` and embedded in
// the runtime library as PTX.
//
//===----------------------------------------------------------------------===//

#include "ReferenceAbi.h"
#include "hopgemm/Runtime/Numerics.h"

using namespace hopgemm::reference;
using namespace hopgemm::numerics;

namespace {
// Values of hopgemm::DType (GemmTypes.h); the host checks them.
enum : int {
  kF8E4M3FN = 0,
  kF8E5M2 = 1,
  kBF16 = 2,
  kF16 = 3,
  kF32 = 4,
  kE8M0 = 6
};

constexpr int kTileK = 16;

__device__ float loadElement(std::uint64_t base, std::int64_t index,
                             int dtype) {
  switch (dtype) {
  case kF8E4M3FN:
    return decodeE4M3FN(reinterpret_cast<const std::uint8_t *>(base)[index]);
  case kF8E5M2:
    return decodeE5M2(reinterpret_cast<const std::uint8_t *>(base)[index]);
  case kBF16:
    return decodeBF16(reinterpret_cast<const std::uint16_t *>(base)[index]);
  case kF16:
    return decodeF16(reinterpret_cast<const std::uint16_t *>(base)[index]);
  default:
    return reinterpret_cast<const float *>(base)[index];
  }
}

__device__ float loadInput(const InputParams &in, std::int64_t r,
                           std::int64_t k) {
  float v = loadElement(in.data, r * in.rowStride + k * in.kStride,
                        static_cast<int>(in.dtype));
  if (in.scale) {
    std::int64_t s = (r / in.scaleBlockRows) * in.scaleRowStride +
                     (k / in.scaleBlockCols) * in.scaleKStride;
    v *= static_cast<int>(in.scaleDtype) == kE8M0
             ? decodeE8M0(reinterpret_cast<const std::uint8_t *>(in.scale)[s])
             : reinterpret_cast<const float *>(in.scale)[s];
  }
  return v;
}

// Not inlined: the epilogue is unrolled 16 times and runs once per element.
__device__ __noinline__ void storeOutput(const OutputParams &out,
                                         const OutputParams &c, bool hasC,
                                         std::int64_t m, std::int64_t n,
                                         float v) {
  if (hasC)
    v += loadElement(c.data, m * c.mStride + n * c.nStride,
                     static_cast<int>(c.dtype));
  std::int64_t i = m * out.mStride + n * out.nStride;
  switch (static_cast<int>(out.dtype)) {
  case kBF16:
    reinterpret_cast<std::uint16_t *>(out.data)[i] = encodeBF16(v);
    break;
  case kF16:
    reinterpret_cast<std::uint16_t *>(out.data)[i] = encodeF16(v);
    break;
  default:
    reinterpret_cast<float *>(out.data)[i] = v;
    break;
  }
}
} // namespace

// 64x64 output tile per 256-thread CTA, 4x4 outputs per thread. Threads own
// rows ty + 16i and columns tx + 16j so that shared-memory reads are
// conflict-free broadcasts.
extern "C" __global__ void __launch_bounds__(kThreads)
    hopgemm_reference_gemm(const GemmParams p) {
  __shared__ float as[kTileK][kTileM + 1];
  __shared__ float bs[kTileK][kTileN + 1];
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  const std::int64_t m0 = static_cast<std::int64_t>(blockIdx.y) * kTileM;
  const std::int64_t n0 = static_cast<std::int64_t>(blockIdx.x) * kTileN;
  float acc[4][4] = {};

  for (std::int64_t k0 = 0; k0 < p.k; k0 += kTileK) {
    for (int i = threadIdx.x; i < kTileM * kTileK; i += kThreads) {
      int r = i / kTileK, kk = i % kTileK;
      std::int64_t gm = m0 + r, gn = n0 + r, gk = k0 + kk;
      as[kk][r] = gm < p.m && gk < p.k ? loadInput(p.a, gm, gk) : 0.0f;
      bs[kk][r] = gn < p.n && gk < p.k ? loadInput(p.b, gn, gk) : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < kTileK; ++kk) {
      float a[4], b[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        a[i] = as[kk][ty + 16 * i];
        b[i] = bs[kk][tx + 16 * i];
      }
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j)
          acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
    }
    __syncthreads();
  }

#pragma unroll
  for (int i = 0; i < 4; ++i) {
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      std::int64_t m = m0 + ty + 16 * i, n = n0 + tx + 16 * j;
      if (m >= p.m || n >= p.n)
        continue;
      storeOutput(p.d, p.c, p.hasC != 0, m, n, acc[i][j]);
    }
  }
}
