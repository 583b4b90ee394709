// Does compute-sanitizer synccheck let an mbarrier wait return before the
// bulk copy it counts has landed? PTX forms as in the generated kernels
// (copied from their PTX), in their 3-warpgroup layout.
//
//   nvcc -gencode=arch=compute_90a,code=sm_90a -o early early.cu -lcuda
//   compute-sanitizer --tool synccheck ./early bulk_early|ring_early [CTAS]
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


// Does a wait on an mbarrier return before the bulk copy it counts has
// landed? Shared memory is zeroed, a bulk copy brings ones, and every thread
// counts the elements it reads that are not one after the wait. Plain runs
// must count 0; a tool that lets the wait return early counts the rest.
constexpr int kFloats = 8192;  // 32 KB

__global__ void __launch_bounds__(384, 1) bulk_early(const float *in, int *bad) {
  extern __shared__ __align__(128) float buf[];
  __shared__ uint64_t bar;
  for (int i = threadIdx.x; i < kFloats; i += blockDim.x) buf[i] = 0;
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
  if (threadIdx.x == 0) { mbarInit(&bar, 1); mbarFenceInit(); }
  __syncthreads();
  if (threadIdx.x == 0) { mbarExpectTx(&bar, kFloats * 4); bulkLoad(buf, in, kFloats * 4, &bar); }
  mbarWait(&bar, 0);
  int n = 0;
  for (int i = threadIdx.x; i < kFloats; i += blockDim.x) n += buf[i] != 1.0f;
  if (n) atomicAdd(bad, n);
}

// The same with four stages in a ring over 16 blocks (producer thread 0,
// math warps release by one lane per warp), as the generated kernels run it.
__global__ void __launch_bounds__(384, 1) ring_early(const float *in, int *bad) {
  constexpr int kStages = 4, kStageFloats = 2048, kBlocks = 16;
  extern __shared__ __align__(128) float buf[];
  __shared__ uint64_t full[kStages], empty[kStages];
  for (int i = threadIdx.x; i < kStages * kStageFloats; i += blockDim.x) buf[i] = 0;
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
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
      mbarExpectTx(&full[s], kStageFloats * 4);
      bulkLoad(buf + s * kStageFloats, in + i * kStageFloats, kStageFloats * 4, &full[s]);
    }
    return;
  }
  int n = 0;
  for (int i = 0; i < kBlocks; ++i) {
    int s = i % kStages, round = i / kStages;
    mbarWait(&full[s], round & 1);
    // Block i holds the value i + 1.
    for (int j = threadIdx.x - 128; j < kStageFloats; j += 256) n += buf[s * kStageFloats + j] != float(i + 1);
    __syncwarp();
    if (threadIdx.x % 32 == 0) mbarArrive(&empty[s]);
  }
  if (n) atomicAdd(bad, n);
}

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "";
  int ctas = argc > 2 ? atoi(argv[2]) : 132;
  float *in;
  int *bad;
  const int n = 16 * 2048;
  float host[16 * 2048];
  bool ring = !strcmp(name, "ring_early");
  for (int i = 0; i < n; ++i) host[i] = ring ? float(i / 2048 + 1) : 1.0f;
  cudaMalloc(&in, n * 4);
  cudaMemcpy(in, host, n * 4, cudaMemcpyHostToDevice);
  cudaMalloc(&bad, 4);
  cudaMemset(bad, 0, 4);
  if (!strcmp(name, "bulk_early")) {
    cudaFuncSetAttribute(bulk_early, cudaFuncAttributeMaxDynamicSharedMemorySize, kFloats * 4);
    bulk_early<<<ctas, 384, kFloats * 4>>>(in, bad);
  } else if (ring) {
    cudaFuncSetAttribute(ring_early, cudaFuncAttributeMaxDynamicSharedMemorySize, 4 * 2048 * 4);
    ring_early<<<ctas, 384, 4 * 2048 * 4>>>(in, bad);
  } else { fprintf(stderr, "unknown kernel '%s'\n", name); return 2; }
  cudaError_t err = cudaDeviceSynchronize();
  int h = -1;
  if (err == cudaSuccess) cudaMemcpy(&h, bad, 4, cudaMemcpyDeviceToHost);
  printf("%s x%d: %s, %d elements read before their copy landed\n", name, ctas,
         err == cudaSuccess ? "ran" : cudaGetErrorString(err), h);
  return err == cudaSuccess && h == 0 ? 0 : 1;
}
