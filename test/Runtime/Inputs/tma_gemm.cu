//===- tma_gemm.cu - a small TMA GEMM for testing the runtime ------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// A deliberately simple block-scaled FP8 GEMM that consumes its operands the
// way compiled kernels do: A, B and the 1x128 scales of A arrive through TMA
// descriptors, the 128x128 scales of B, D (and C) as plain pointers. It tests
// the runtime end to end without the compiler: descriptor encoding (dims,
// strides, element types, out-of-bounds fill), both ways of passing
// descriptors, cluster launches, persistent grids and the dynamic shared
// memory opt-in. It is not fast.
//
// Variants (build-kernels.sh compiles each into kernels/NAME.ptx):
//   GRID_CONSTANT  descriptors are __grid_constant__ parameters, else u64
//                  pointers to descriptors in global memory
//   HAS_C          D = A @ B^T + C with an f32 C
//   ENTRY          the kernel's name
//
// Tile 32 x 32 per CTA and 32 along K; 256 threads, 4 outputs per thread.
// The CTA loops over tiles with stride gridDim.x, so "tiles" and
// "persistent" grids both work.
//
//===----------------------------------------------------------------------===//

#include <cuda.h>
#include <cuda_bf16.h>
#include <cuda_fp8.h>

#include <cstdint>

#ifndef ENTRY
#error "define ENTRY"
#endif

namespace {
constexpr int kTile = 32;

__device__ std::uint32_t smemAddress(const void *p) {
  return static_cast<std::uint32_t>(__cvta_generic_to_shared(p));
}

__device__ void tmaLoad(void *dst, const CUtensorMap *map, int c0, int c1,
                        std::uint64_t *bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::"
      "complete_tx::bytes [%0], [%1, {%2, %3}], [%4];" ::"r"(smemAddress(dst)),
      "l"(reinterpret_cast<std::uint64_t>(map)), "r"(c0), "r"(c1),
      "r"(smemAddress(bar))
      : "memory");
}

__device__ void waitPhase(std::uint64_t *bar, std::uint32_t phase) {
  std::uint32_t done;
  do {
    asm volatile("{\n"
                 ".reg .pred p;\n"
                 "mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
                 "selp.u32 %0, 1, 0, p;\n"
                 "}\n"
                 : "=r"(done)
                 : "r"(smemAddress(bar)), "r"(phase)
                 : "memory");
  } while (!done);
}

#if !GRID_CONSTANT
__device__ void acquireDescriptor(const CUtensorMap *map) {
  asm volatile("fence.proxy.tensormap::generic.acquire.gpu [%0], 128;" ::"l"(
                   reinterpret_cast<std::uint64_t>(map))
               : "memory");
}
#endif

__device__ float e4m3(std::uint8_t code) {
  __nv_fp8_e4m3 v;
  v.__x = code;
  return static_cast<float>(v);
}
} // namespace

#if GRID_CONSTANT
#define MAP_PARAM(name) const __grid_constant__ CUtensorMap name
#define MAP_PTR(name) (&name)
#else
#define MAP_PARAM(name) const CUtensorMap *name
#define MAP_PTR(name) (name)
#endif

extern "C" __global__ void __launch_bounds__(256)
    ENTRY(MAP_PARAM(tmA), MAP_PARAM(tmB), MAP_PARAM(tmSA), const float *sb,
#if HAS_C
          const float *c,
#endif
          __nv_bfloat16 *d, int m, int n, int k) {
  // Dynamic shared memory: the metadata asks for more than 48 KiB to test
  // the opt-in; only the first 2.2 KiB are used.
  extern __shared__ __align__(128) std::uint8_t smem[];
  std::uint8_t *sA = smem;                 // [32 rows][32 k]
  std::uint8_t *sB = smem + kTile * kTile; // [32 rows][32 k]
  float *sSA = reinterpret_cast<float *>(smem + 2 * kTile * kTile); // [32]
  auto *bar = reinterpret_cast<std::uint64_t *>(smem + 2 * kTile * kTile +
                                                kTile * sizeof(float));
  const CUtensorMap *mapA = MAP_PTR(tmA), *mapB = MAP_PTR(tmB),
                    *mapSA = MAP_PTR(tmSA);
  const unsigned bytesPerStage = 2 * kTile * kTile + kTile * sizeof(float);

  if (threadIdx.x == 0) {
    asm volatile(
        "mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(smemAddress(bar))
        : "memory");
    asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
#if !GRID_CONSTANT
    // Descriptors in global memory were written by a host copy: make them
    // visible to the tensormap proxy.
    acquireDescriptor(mapA);
    acquireDescriptor(mapB);
    acquireDescriptor(mapSA);
#endif
  }
  __syncthreads();

  const int row = threadIdx.x / 8, col = (threadIdx.x % 8) * 4;
  const int tilesN = (n + kTile - 1) / kTile;
  const int tiles = (m + kTile - 1) / kTile * tilesN;
  const int scaleCols = (k + 127) / 128;
  std::uint32_t phase = 0;
  for (int tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
    const int m0 = tile / tilesN * kTile, n0 = tile % tilesN * kTile;
    float acc[4] = {};
    for (int k0 = 0; k0 < k; k0 += kTile) {
      if (threadIdx.x == 0) {
        // Earlier generic reads of the buffers come before these async
        // writes.
        asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
        asm volatile(
            "mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(
                smemAddress(bar)),
            "r"(bytesPerStage)
            : "memory");
        // Rows past M or N and columns past K arrive as zeros.
        tmaLoad(sA, mapA, k0, m0, bar);
        tmaLoad(sB, mapB, k0, n0, bar);
        tmaLoad(sSA, mapSA, m0, k0 / 128, bar);
      }
      waitPhase(bar, phase);
      phase ^= 1;
      float part[4] = {};
      for (int kk = 0; kk < kTile; ++kk) {
        float a = e4m3(sA[row * kTile + kk]);
        for (int j = 0; j < 4; ++j)
          part[j] += a * e4m3(sB[(col + j) * kTile + kk]);
      }
      // A K tile lies inside one 128-wide scale block.
      for (int j = 0; j < 4; ++j) {
        int nIndex = min(n0 + col + j, n - 1);
        acc[j] +=
            part[j] * sSA[row] * sb[(nIndex / 128) * scaleCols + k0 / 128];
      }
      __syncthreads();
    }
    const int mIndex = m0 + row;
    for (int j = 0; j < 4; ++j) {
      const int nIndex = n0 + col + j;
      if (mIndex >= m || nIndex >= n)
        continue;
      float v = acc[j];
#if HAS_C
      v += c[static_cast<std::int64_t>(mIndex) * n + nIndex];
#endif
      d[static_cast<std::int64_t>(mIndex) * n + nIndex] =
          __float2bfloat16_rn(v);
    }
  }
}
