// Which synchronization construct of our kernels stops compute-sanitizer
// synccheck? Each kernel below uses one construct the generated kernels use
// (PTX forms copied from their PTX), in the same 3-warpgroup layout: a
// producer warpgroup 0 (one thread working) and two math warpgroups.
//
//   nvcc -gencode=arch=compute_90a,code=sm_90a -o bisect bisect.cu -lcuda
//   compute-sanitizer --tool synccheck ./bisect NAME
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <cuda.h>
#include <cuda_runtime.h>

__device__ __forceinline__ uint32_t smem(const void *p) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}
__device__ __forceinline__ void mbarInit(uint64_t *bar, int count) {
  asm volatile("mbarrier.init.shared.b64 [%0], %1;" ::"r"(smem(bar)), "r"(count));
}
__device__ __forceinline__ void mbarFenceInit() {
  asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
}
__device__ __forceinline__ void mbarArrive(uint64_t *bar) {
  asm volatile("{ .reg .b64 t; mbarrier.arrive.shared.b64 t, [%0]; }" ::"r"(smem(bar)) : "memory");
}
__device__ __forceinline__ void mbarExpectTx(uint64_t *bar, int bytes) {
  asm volatile("{ .reg .b64 t; mbarrier.arrive.expect_tx.shared.b64 t, [%0], %1; }" ::"r"(smem(bar)), "r"(bytes) : "memory");
}
// The generated wait loop (nvgpu's lowering), with its suspend-time hint.
__device__ __forceinline__ void mbarWait(uint64_t *bar, int parity) {
  asm volatile("{\n .reg .pred P1;\n LAB_WAIT:\n"
               " mbarrier.try_wait.parity.shared.b64 P1, [%0], %1, %2;\n"
               " @P1 bra.uni DONE;\n bra.uni LAB_WAIT;\n DONE:\n }" ::"r"(smem(bar)),
               "r"(parity), "r"(10000000) : "memory");
}
__device__ __forceinline__ void namedBar() { asm volatile("bar.sync 1, 256;" ::: "memory"); }
__device__ __forceinline__ void bulkLoad(void *dst, const void *src, int bytes, uint64_t *bar) {
  asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];" ::"r"(smem(dst)),
               "l"(src), "r"(bytes), "r"(smem(bar)) : "memory");
}

constexpr int kStages = 4, kStageBytes = 8192, kBlocks = 16;

// 1. every thread waits on an mbarrier that thread 0 completes.
__global__ void mbar_wait(float *out) {
  __shared__ uint64_t bar;
  if (threadIdx.x == 0) { mbarInit(&bar, 1); mbarFenceInit(); }
  __syncthreads();
  if (threadIdx.x == 0) mbarArrive(&bar);
  mbarWait(&bar, 0);
  out[threadIdx.x] = 1;
}
// 2. the math warpgroups meet at a named barrier; warpgroup 0 returns.
__global__ void named_bar(float *out) {
  if (threadIdx.x < 128) return;
  namedBar();
  out[threadIdx.x] = 1;
  namedBar();
}
// 3. as 2, with setmaxnreg (dec in warpgroup 0, inc in the others).
__global__ void __launch_bounds__(384, 1) set_max_nreg(float *out) {
  if (threadIdx.x < 128) {
    asm volatile("setmaxnreg.dec.sync.aligned.u32 40;");
    return;
  }
  asm volatile("setmaxnreg.inc.sync.aligned.u32 232;");
  namedBar();
  out[threadIdx.x] = 1;
}
// 4. bulk copies into shared memory completing an mbarrier's transactions.
__global__ void bulk_copy(const float *in, float *out) {
  extern __shared__ __align__(128) float buf[];
  __shared__ uint64_t bar;
  if (threadIdx.x == 0) { mbarInit(&bar, 1); mbarFenceInit(); }
  __syncthreads();
  if (threadIdx.x == 0) { mbarExpectTx(&bar, kStageBytes); bulkLoad(buf, in, kStageBytes, &bar); }
  mbarWait(&bar, 0);
  out[threadIdx.x] = buf[threadIdx.x];
}
// 5. the whole producer/consumer ring without wgmma: thread 0 loads stages,
//    the math warps wait `full`, read, and one lane per warp arrives on
//    `empty`; then the math warpgroups meet at the named barrier.
__global__ void ring(const float *in, float *out) {
  extern __shared__ __align__(128) float buf[];
  __shared__ uint64_t full[kStages], empty[kStages];
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) { mbarInit(&full[s], 1); mbarInit(&empty[s], 8); }
    mbarFenceInit();
  }
  __syncthreads();
  if (threadIdx.x < 128) {
    if (threadIdx.x != 0) return;
    for (int i = 0; i < kBlocks; ++i) {
      int s = i % kStages, round = i / kStages;
      if (i >= kStages) mbarWait(&empty[s], (round + 1) & 1);
      mbarExpectTx(&full[s], kStageBytes);
      bulkLoad(buf + s * kStageBytes / 4, in + i * kStageBytes / 4, kStageBytes, &full[s]);
    }
    return;
  }
  float acc = 0;
  for (int i = 0; i < kBlocks; ++i) {
    int s = i % kStages, round = i / kStages;
    mbarWait(&full[s], round & 1);
    acc += buf[s * kStageBytes / 4 + threadIdx.x - 128];
    __syncwarp();
    if (threadIdx.x % 32 == 0) mbarArrive(&empty[s]);
  }
  namedBar();
  out[threadIdx.x] = acc;
}
// 5b. the ring as our kernels run it: persistent over several tiles, two
//     math warpgroups, optionally with setmaxnreg and with each stage fed
//     to a wgmma (zeros) whose group is waited for before the stage is
//     released.
template <bool kMaxNReg, bool kWgmma, bool kOverlap = false>
__global__ void __launch_bounds__(384, 1) ring_full(const float *in, float *out) {
  extern __shared__ __align__(1024) uint8_t stages[];
  __shared__ uint64_t full[kStages], empty[kStages];
  constexpr int kTiles = 4;
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) { mbarInit(&full[s], 1); mbarInit(&empty[s], 8); }
    mbarFenceInit();
  }
  __syncthreads();
  if (threadIdx.x < 128) {
    if (kMaxNReg) asm volatile("setmaxnreg.dec.sync.aligned.u32 40;");
    if (threadIdx.x != 0) return;
    for (int i = 0; i < kTiles * kBlocks; ++i) {
      int s = i % kStages, round = i / kStages;
      if (i >= kStages) mbarWait(&empty[s], (round + 1) & 1);
      mbarExpectTx(&full[s], kStageBytes);
      bulkLoad(stages + s * kStageBytes, in + (i % kBlocks) * kStageBytes / 4, kStageBytes, &full[s]);
    }
    return;
  }
  if (kMaxNReg) asm volatile("setmaxnreg.inc.sync.aligned.u32 232;");
  float acc = 0;
  for (int tile = 0; tile < kTiles; ++tile) {
    if (kOverlap) {
      // As the generated kernels do: the next stage's wait runs while the
      // previous stage's wgmma group is in flight (wait_group 1), whose
      // fragment registers are being written asynchronously.
      uint64_t fixed = (uint64_t(1) << 62) | (uint64_t(1024 >> 4) << 32) | (uint64_t(1) << 16);
      float d[2][4] = {};
      for (int kb = 0; kb < kBlocks; ++kb) {
        int i = tile * kBlocks + kb, s = i % kStages, round = i / kStages;
        mbarWait(&full[s], round & 1);
        uint64_t desc = fixed | ((smem(stages + s * kStageBytes) & 0x3FFFF) >> 4);
        float *cur = d[kb % 2];
        asm volatile("wgmma.fence.sync.aligned;\n"
                     "wgmma.mma_async.sync.aligned.m64n8k32.f32.e4m3.e4m3 {%0, %1, %2, %3}, %4, %4, 0, 1, 1;\n"
                     "wgmma.commit_group.sync.aligned;\n"
                     : "+f"(cur[0]), "+f"(cur[1]), "+f"(cur[2]), "+f"(cur[3]) : "l"(desc) : "memory");
        if (kb > 0) {
          float *prev = d[(kb + 1) % 2];
          asm volatile("wgmma.wait_group.sync.aligned 1;" : "+f"(prev[0]), "+f"(prev[1]), "+f"(prev[2]), "+f"(prev[3])::"memory");
          acc += prev[0] + prev[1] + prev[2] + prev[3];
          if (threadIdx.x % 32 == 0) mbarArrive(&empty[(i - 1) % kStages]);
        }
      }
      float *last = d[(kBlocks + 1) % 2];
      asm volatile("wgmma.wait_group.sync.aligned 0;" : "+f"(last[0]), "+f"(last[1]), "+f"(last[2]), "+f"(last[3])::"memory");
      acc += last[0] + last[1] + last[2] + last[3];
      if (threadIdx.x % 32 == 0) mbarArrive(&empty[(tile * kBlocks + kBlocks - 1) % kStages]);
      namedBar();
      out[tile * 256 + threadIdx.x - 128] = acc;
      namedBar();
      continue;
    }
    for (int kb = 0; kb < kBlocks; ++kb) {
      int i = tile * kBlocks + kb, s = i % kStages, round = i / kStages;
      mbarWait(&full[s], round & 1);
      if (kWgmma) {
        uint64_t fixed = (uint64_t(1) << 62) | (uint64_t(1024 >> 4) << 32) | (uint64_t(1) << 16);
        uint64_t desc = fixed | ((smem(stages + s * kStageBytes) & 0x3FFFF) >> 4);
        float d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        asm volatile("wgmma.fence.sync.aligned;\n"
                     "wgmma.mma_async.sync.aligned.m64n8k32.f32.e4m3.e4m3 {%0, %1, %2, %3}, %4, %4, 0, 1, 1;\n"
                     "wgmma.commit_group.sync.aligned;\n"
                     "wgmma.wait_group.sync.aligned 0;\n"
                     : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3) : "l"(desc) : "memory");
        acc += d0 + d1 + d2 + d3;
      } else {
        acc += reinterpret_cast<float *>(stages + s * kStageBytes)[threadIdx.x - 128];
      }
      if (threadIdx.x % 32 == 0) mbarArrive(&empty[s]);
    }
    namedBar();
    out[tile * 256 + threadIdx.x - 128] = acc;
    namedBar();
  }
}

// 6. wgmma (FP8, zeros from shared memory) in one math warpgroup.
__global__ void __launch_bounds__(384, 1) wgmma(float *out) {
  extern __shared__ __align__(1024) uint8_t tiles[];
  for (int i = threadIdx.x; i < 2 * 8192; i += blockDim.x) tiles[i] = 0;
  __syncthreads();
  if (threadIdx.x < 128 || threadIdx.x >= 256) return;
  uint64_t fixed = (uint64_t(1) << 62) | (uint64_t(1024 >> 4) << 32) | (uint64_t(1) << 16);
  uint64_t da = fixed | ((smem(tiles) & 0x3FFFF) >> 4), db = fixed | ((smem(tiles + 8192) & 0x3FFFF) >> 4);
  float d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  asm volatile("wgmma.fence.sync.aligned;\n"
               "wgmma.mma_async.sync.aligned.m64n8k32.f32.e4m3.e4m3 {%0, %1, %2, %3}, %4, %5, 0, 1, 1;\n"
               "wgmma.commit_group.sync.aligned;\n"
               "wgmma.wait_group.sync.aligned 0;\n"
               : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3) : "l"(da), "l"(db) : "memory");
  out[threadIdx.x] = d0 + d1 + d2 + d3;
}
// 7. a bulk store from shared memory after the async-proxy fence.
__global__ void bulk_store(float *out) {
  extern __shared__ __align__(128) float buf[];
  buf[threadIdx.x] = threadIdx.x;
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
  __syncthreads();
  if (threadIdx.x == 0) {
    asm volatile("cp.async.bulk.global.shared::cta.bulk_group [%0], [%1], %2;" ::"l"(out), "r"(smem(buf)), "r"(384 * 4) : "memory");
    asm volatile("cp.async.bulk.commit_group;\ncp.async.bulk.wait_group 0;" ::: "memory");
  }
}

// 8. a TMA tile load (descriptor in global memory, prefetched, as our
//    kernels pass it) and a TMA tile store back.
__global__ void tma(const CUtensorMap *desc, float *out) {
  extern __shared__ __align__(1024) float tile[];
  __shared__ uint64_t bar;
  if (threadIdx.x == 0) {
    mbarInit(&bar, 1);
    mbarFenceInit();
    asm volatile("prefetch.tensormap [%0];" ::"l"(desc) : "memory");
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    mbarExpectTx(&bar, 32 * 32 * 4);
    asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];"
                 ::"r"(smem(tile)), "l"(desc), "r"(0), "r"(0), "r"(smem(&bar)) : "memory");
  }
  mbarWait(&bar, 0);
  out[threadIdx.x] = tile[threadIdx.x];
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
  __syncthreads();
  if (threadIdx.x == 0) {
    asm volatile("cp.async.bulk.tensor.2d.global.shared::cta.tile.bulk_group [%0, {%1, %2}], [%3];"
                 ::"l"(desc), "r"(0), "r"(0), "r"(smem(tile)) : "memory");
    asm volatile("cp.async.bulk.commit_group;\ncp.async.bulk.wait_group 0;" ::: "memory");
  }
}

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "";
  float *in, *out;
  cudaMalloc(&in, kBlocks * kStageBytes);
  cudaMalloc(&out, 4096 * 4);
  cudaMemset(out, 0, 4096 * 4);
  cudaMemset(in, 0, kBlocks * kStageBytes);
  int smemBytes = 64 * 1024;
  if (!strcmp(name, "mbar_wait")) mbar_wait<<<1, 384>>>(out);
  else if (!strcmp(name, "named_bar")) named_bar<<<1, 384>>>(out);
  else if (!strcmp(name, "set_max_nreg")) set_max_nreg<<<1, 384>>>(out);
  else if (!strcmp(name, "bulk_copy")) bulk_copy<<<1, 384, kStageBytes>>>(in, out);
  else if (!strcmp(name, "ring")) {
    cudaFuncSetAttribute(ring, cudaFuncAttributeMaxDynamicSharedMemorySize, smemBytes);
    ring<<<1, 384, kStages * kStageBytes>>>(in, out);
  } else if (!strncmp(name, "ring_full", 9)) {
    auto launch = [&](auto kernel) {
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, smemBytes);
      kernel<<<132, 384, kStages * kStageBytes>>>(in, out);
    };
    if (!strcmp(name, "ring_full")) launch(ring_full<false, false>);
    else if (!strcmp(name, "ring_full_maxnreg")) launch(ring_full<true, false>);
    else if (!strcmp(name, "ring_full_wgmma")) launch(ring_full<false, true>);
    else if (!strcmp(name, "ring_full_maxnreg_wgmma")) launch(ring_full<true, true>);
    else if (!strcmp(name, "ring_full_overlap")) launch(ring_full<false, true, true>);
    else if (!strcmp(name, "ring_full_maxnreg_overlap")) launch(ring_full<true, true, true>);
    else { fprintf(stderr, "unknown kernel '%s'\n", name); return 2; }
  } else if (!strcmp(name, "wgmma")) {
    cudaFuncSetAttribute(wgmma, cudaFuncAttributeMaxDynamicSharedMemorySize, smemBytes);
    wgmma<<<1, 384, 3 * 8192>>>(out);
  } else if (!strcmp(name, "bulk_store")) bulk_store<<<1, 384, 384 * 4>>>(out);
  else if (!strcmp(name, "tma")) {
    CUtensorMap map;
    cuuint64_t dims[2] = {64, 64}, strides[1] = {64 * 4};
    cuuint32_t box[2] = {32, 32}, elem[2] = {1, 1};
    CUresult r = cuTensorMapEncodeTiled(&map, CU_TENSOR_MAP_DATA_TYPE_FLOAT32, 2, in, dims, strides, box, elem,
                                        CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_NONE,
                                        CU_TENSOR_MAP_L2_PROMOTION_NONE, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
    if (r != CUDA_SUCCESS) { fprintf(stderr, "cuTensorMapEncodeTiled: %d\n", r); return 1; }
    CUtensorMap *desc;
    cudaMalloc(&desc, sizeof map);
    cudaMemcpy(desc, &map, sizeof map, cudaMemcpyHostToDevice);
    tma<<<1, 384, 32 * 32 * 4 + 1024>>>(desc, out);
  }
  else { fprintf(stderr, "unknown kernel '%s'\n", name); return 2; }
  cudaError_t err = cudaDeviceSynchronize();
  // The inputs are zeros: anything else in the output is corruption.
  float host[1024];
  int bad = 0;
  if (err == cudaSuccess && cudaMemcpy(host, out, sizeof host, cudaMemcpyDeviceToHost) == cudaSuccess)
    for (float v : host) bad += !strncmp(name, "ring", 4) && v != 0;
  printf("%s: %s, %d nonzero outputs\n", name, err == cudaSuccess ? "ran" : cudaGetErrorString(err), bad);
  return err == cudaSuccess ? 0 : 1;
}
