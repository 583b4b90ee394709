// Does compute-sanitizer synccheck run a ring of TMA *tensor* loads? The
// generated kernels' stage: A and B tiles of 128 rows x 128 bytes (2-D
// tensor maps, 128-byte swizzle) and a 128-float row of A's scales (2-D,
// no swizzle), three loads completing one mbarrier, the tensor maps in
// global memory and prefetched, a producer thread in warpgroup 0 and two
// math warpgroups releasing a stage by one lane per warp, persistent CTAs.
// Every math thread checks every byte it reads against the value the host
// put there (zero past the tensor's rows: TMA's out-of-bounds fill), so a
// wait that returns early or a stage overwritten too soon counts as bad.
//
//   nvcc -gencode=arch=compute_90a,code=sm_90a -o tma_ring tma_ring.cu -lcuda
//   compute-sanitizer --tool synccheck ./tma_ring ROWS [CTAS] [maxnreg] [cluster] [store]
//
// With `maxnreg` the warpgroups set their registers as the generated
// kernels do: setmaxnreg.dec 40 in the producer's, .inc 232 in the others.
// With `cluster` the loads name their destination by a 64-bit
// shared::cluster address (cvta.to.shared::cluster), as the generated PTX
// does. With `store` the math warpgroups end each tile as the generated
// epilogue does: write a 128 x 128-byte tile of D to shared memory, fence
// the async proxy, a named barrier, one thread's TMA store (rows past the
// tensor clipped), and cp.async.bulk.wait_group.read before the next
// tile's writes; the host checks every byte of D.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <cuda.h>
#include <cuda_runtime.h>

constexpr int kStages = 4, kTile = 128, kKBytes = 1024, kKBlocks = kKBytes / 128;
// Stages start at multiples of 1024 bytes, as the 128-byte swizzle needs.
constexpr int kTileBytes = kTile * 128, kLoadBytes = 2 * kTileBytes + kTile * 4;
constexpr int kStageBytes = (kLoadBytes + 1023) / 1024 * 1024;

__device__ __forceinline__ uint32_t smem(const void *p) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}
__device__ __forceinline__ void mbarInit(uint64_t *bar, int count) {
  asm volatile("mbarrier.init.shared.b64 [%0], %1;" ::"r"(smem(bar)), "r"(count));
}
__device__ __forceinline__ void mbarArrive(uint64_t *bar) {
  asm volatile("{ .reg .b64 t; mbarrier.arrive.shared.b64 t, [%0]; }" ::"r"(smem(bar)) : "memory");
}
__device__ __forceinline__ void mbarExpectTx(uint64_t *bar, int bytes) {
  asm volatile("{ .reg .b64 t; mbarrier.arrive.expect_tx.shared.b64 t, [%0], %1; }" ::"r"(smem(bar)),
               "r"(bytes) : "memory");
}
__device__ __forceinline__ void mbarWait(uint64_t *bar, int parity) {
  asm volatile("{\n .reg .pred P1;\n LAB_WAIT:\n"
               " mbarrier.try_wait.parity.shared.b64 P1, [%0], %1, %2;\n"
               " @P1 bra.uni DONE;\n bra.uni LAB_WAIT;\n DONE:\n }" ::"r"(smem(bar)),
               "r"(parity), "r"(10000000) : "memory");
}
__device__ __forceinline__ void tmaLoad(void *dst, const CUtensorMap *map, int x, int y, uint64_t *bar,
                                        bool cluster) {
  if (cluster) {
    asm volatile("{ .reg .b64 g, c;\n cvta.to.shared::cluster.u64 c, %0;\n"
                 " cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes"
                 " [c], [%1, {%2, %3}], [%4]; }" ::"l"(dst),
                 "l"(map), "r"(x), "r"(y), "r"(smem(bar)) : "memory");
    return;
  }
  asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes"
               " [%0], [%1, {%2, %3}], [%4];" ::"r"(smem(dst)),
               "l"(map), "r"(x), "r"(y), "r"(smem(bar)) : "memory");
}

// The byte the host puts at (row, col) of an operand; scales are row + kb.
// Operand 2 is D, which the kernel writes.
__host__ __device__ inline uint8_t operandByte(int which, int row, int col) {
  return uint8_t(row * 7 + col * 3 + which * 101 + 1);
}

__global__ void __launch_bounds__(384, 1)
tma_ring(const CUtensorMap *maps, int rows, int tiles, int *bad, int *checked, bool maxnreg,
         bool cluster, bool store) {
  extern __shared__ __align__(1024) uint8_t buf[];
  uint8_t *dTile = buf + kStages * kStageBytes;
  __shared__ uint64_t full[kStages], empty[kStages];
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) { mbarInit(&full[s], 1); mbarInit(&empty[s], 8); }
    asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
    for (int i = 0; i < 4; ++i) asm volatile("prefetch.tensormap [%0];" ::"l"(maps + i) : "memory");
  }
  __syncthreads();
  if (maxnreg) {
    if (threadIdx.x < 128) asm volatile("setmaxnreg.dec.sync.aligned.u32 40;");
    else asm volatile("setmaxnreg.inc.sync.aligned.u32 232;");
  }
  if (threadIdx.x < 128) {
    if (threadIdx.x != 0) return;
    int iter = 0;
    for (int t = blockIdx.x; t < tiles; t += gridDim.x)
      for (int kb = 0; kb < kKBlocks; ++kb, ++iter) {
        int s = iter % kStages, round = iter / kStages;
        if (iter >= kStages) mbarWait(&empty[s], (round + 1) & 1);
        mbarExpectTx(&full[s], kLoadBytes);
        uint8_t *stage = buf + s * kStageBytes;
        tmaLoad(stage, &maps[0], kb * 128, t * kTile, &full[s], cluster);
        tmaLoad(stage + kTileBytes, &maps[1], kb * 128, t * kTile, &full[s], cluster);
        tmaLoad(stage + 2 * kTileBytes, &maps[2], t * kTile, kb, &full[s], cluster);
      }
    return;
  }
  int n = 0, seen = 0, iter = 0;
  int local = threadIdx.x - 128;  // 256 math threads
  for (int t = blockIdx.x; t < tiles; t += gridDim.x) {
    for (int kb = 0; kb < kKBlocks; ++kb, ++iter) {
      int s = iter % kStages, round = iter / kStages;
      mbarWait(&full[s], round & 1);
      const uint8_t *stage = buf + s * kStageBytes;
      for (int which = 0; which < 2; ++which)
        for (int i = local; i < kTileBytes; i += 256) {
          // 128-byte swizzle: 16-byte chunk c of row r sits at chunk c ^ (r % 8).
          int r = i / 128, c = i % 128;
          int at = r * 128 + (((c / 16) ^ (r % 8)) * 16) + c % 16;
          int row = t * kTile + r;
          uint8_t want = row < rows ? operandByte(which, row, kb * 128 + c) : 0;
          n += stage[which * kTileBytes + at] != want;
          ++seen;
        }
      if (local < kTile) {
        int row = t * kTile + local;
        float want = row < rows ? float(row + kb) : 0.0f;
        n += reinterpret_cast<const float *>(stage + 2 * kTileBytes)[local] != want;
        ++seen;
      }
      __syncwarp();
      if (threadIdx.x % 32 == 0) mbarArrive(&empty[s]);
    }
    if (store) {
      // The previous tile's store has read dTile before it is overwritten.
      if (local == 0) asm volatile("cp.async.bulk.wait_group.read 0;" ::: "memory");
      asm volatile("bar.sync 1, 256;" ::: "memory");
      for (int i = local; i < kTileBytes; i += 256)
        dTile[i] = operandByte(2, t * kTile + i / 128, i % 128);
      asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
      asm volatile("bar.sync 1, 256;" ::: "memory");
      if (local == 0) {
        asm volatile("cp.async.bulk.tensor.2d.global.shared::cta.tile.bulk_group [%0, {%1, %2}], [%3];"
                     ::"l"(&maps[3]), "r"(0), "r"(t * kTile), "r"(smem(dTile)) : "memory");
        asm volatile("cp.async.bulk.commit_group;" ::: "memory");
      }
    }
  }
  if (store && local == 0) asm volatile("cp.async.bulk.wait_group 0;" ::: "memory");
  if (n) atomicAdd(bad, n);
  atomicAdd(checked, seen);
}

static CUtensorMap encode(void *base, CUtensorMapDataType type, uint64_t inner, uint64_t outer,
                          uint64_t rowBytes, uint32_t boxInner, uint32_t boxOuter,
                          CUtensorMapSwizzle swizzle) {
  CUtensorMap map;
  cuuint64_t dims[2] = {inner, outer}, strides[1] = {rowBytes};
  cuuint32_t box[2] = {boxInner, boxOuter}, elem[2] = {1, 1};
  CUresult r = cuTensorMapEncodeTiled(&map, type, 2, base, dims, strides, box, elem,
                                      CU_TENSOR_MAP_INTERLEAVE_NONE, swizzle,
                                      CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
                                      CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS) { fprintf(stderr, "cuTensorMapEncodeTiled: %d\n", r); exit(2); }
  return map;
}

int main(int argc, char **argv) {
  int rows = argc > 1 ? atoi(argv[1]) : 300;
  int ctas = argc > 2 ? atoi(argv[2]) : 132;
  bool maxnreg = false, cluster = false, store = false;
  for (int i = 3; i < argc; ++i) {
    maxnreg |= !strcmp(argv[i], "maxnreg");
    cluster |= !strcmp(argv[i], "cluster");
    store |= !strcmp(argv[i], "store");
  }
  int tiles = (rows + kTile - 1) / kTile;
  int alignedRows = (rows + 3) / 4 * 4;
  std::vector<uint8_t> a(size_t(rows) * kKBytes), b(a.size());
  std::vector<float> sa(size_t(kKBlocks) * alignedRows);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < kKBytes; ++c) {
      a[size_t(r) * kKBytes + c] = operandByte(0, r, c);
      b[size_t(r) * kKBytes + c] = operandByte(1, r, c);
    }
  for (int kb = 0; kb < kKBlocks; ++kb)
    for (int r = 0; r < alignedRows; ++r) sa[size_t(kb) * alignedRows + r] = float(r + kb);
  uint8_t *dA, *dB, *dD;
  float *dSA;
  int *counters;
  CUtensorMap *dMaps;
  cudaMalloc(&dA, a.size());
  cudaMalloc(&dB, b.size());
  cudaMalloc(&dSA, sa.size() * 4);
  cudaMalloc(&counters, 8);
  cudaMalloc(&dD, a.size());
  cudaMemset(dD, 0xff, a.size());
  cudaMalloc(&dMaps, 4 * sizeof(CUtensorMap));
  cudaMemcpy(dA, a.data(), a.size(), cudaMemcpyHostToDevice);
  cudaMemcpy(dB, b.data(), b.size(), cudaMemcpyHostToDevice);
  cudaMemcpy(dSA, sa.data(), sa.size() * 4, cudaMemcpyHostToDevice);
  cudaMemset(counters, 0, 8);
  CUtensorMap maps[4] = {
      encode(dA, CU_TENSOR_MAP_DATA_TYPE_UINT8, kKBytes, rows, kKBytes, 128, kTile,
             CU_TENSOR_MAP_SWIZZLE_128B),
      encode(dB, CU_TENSOR_MAP_DATA_TYPE_UINT8, kKBytes, rows, kKBytes, 128, kTile,
             CU_TENSOR_MAP_SWIZZLE_128B),
      encode(dSA, CU_TENSOR_MAP_DATA_TYPE_FLOAT32, rows, kKBlocks, alignedRows * 4, kTile, 1,
             CU_TENSOR_MAP_SWIZZLE_NONE),
      encode(dD, CU_TENSOR_MAP_DATA_TYPE_UINT8, 128, rows, kKBytes, 128, kTile,
             CU_TENSOR_MAP_SWIZZLE_NONE)};
  cudaMemcpy(dMaps, maps, sizeof(maps), cudaMemcpyHostToDevice);
  int shmem = kStages * kStageBytes + kTileBytes;
  cudaFuncSetAttribute(tma_ring, cudaFuncAttributeMaxDynamicSharedMemorySize, shmem);
  tma_ring<<<ctas, 384, shmem>>>(dMaps, rows, tiles, counters, counters + 1, maxnreg, cluster, store);
  cudaError_t err = cudaDeviceSynchronize();
  int h[2] = {-1, -1};
  if (err == cudaSuccess) cudaMemcpy(h, counters, 8, cudaMemcpyDeviceToHost);
  // D: the first 128 bytes of each row, written by the TMA stores.
  long long badD = 0;
  if (store && err == cudaSuccess) {
    std::vector<uint8_t> d(a.size());
    cudaMemcpy(d.data(), dD, d.size(), cudaMemcpyDeviceToHost);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < 128; ++c) badD += d[size_t(r) * kKBytes + c] != operandByte(2, r, c);
  }
  long long want = (long long)tiles * kKBlocks * (2 * kTileBytes + kTile);
  printf("tma_ring rows %d x%d%s%s%s: %s, %d bad of %d checked (want %lld), %lld bad bytes of D\n", rows, ctas,
         maxnreg ? " maxnreg" : "", cluster ? " cluster" : "", store ? " store" : "",
         err == cudaSuccess ? "ran" : cudaGetErrorString(err), h[0], h[1], want, badD);
  return err == cudaSuccess && h[0] == 0 && h[1] == want && badD == 0 ? 0 : 1;
}
