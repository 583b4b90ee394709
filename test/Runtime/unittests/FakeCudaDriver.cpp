//===- FakeCudaDriver.cpp - a CPU stand-in for libcuda for tests ---------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// A shared library with the entry points the runtime fetches through
// cuGetProcAddress_v2, so the GPU code paths of the runtime and gemm-run run
// on machines without a GPU (HOPGEMM_LIBCUDA=<this library>). "Device"
// memory is host memory; every copy and memset is checked against the live
// allocations, launches are checked like the driver checks them (block size,
// dynamic shared memory opt-in, cluster shape), and the known kernels are
// emulated on the CPU:
//   hopgemm_reference_gemm      the runtime's reference kernel (Reference.cu)
//   fp8_gemm_nt                 Inputs/noop_gemm.cu: writes nothing
//   tma_global_tiles,           Inputs/tma_gemm.cu, read through the tensor
//   tma_gridconst_persistent_c  maps exactly as the CUDA code reads them
//   ue8m0_tiles                 tma_global_tiles with UE8M0 byte scales
//                               (Inputs/ue8m0/*.json, no CUDA source)
//   splitk_gemm                 a split-K GEMM over a workspace (no CUDA
//                               source; see splitKGemm)
//   streamk_gemm                a stream-K GEMM over a workspace (no CUDA
//                               source; see streamKGemm)
//   grouped_contiguous_gemm,    M-grouped GEMMs (Inputs/grouped/*.json, no
//   grouped_masked_gemm         CUDA source; see groupedGemm)
//   k_grouped_gemm,             K-grouped GEMMs, with C (Inputs/grouped/*.json,
//   k_grouped_gemm_c            no CUDA source; see kGroupedGemm)
//   k_grouped_gemm_ue8m0        k_grouped_gemm with UE8M0 byte scales
//                               (Inputs/ue8m0/*.json)
// Leaked allocations, modules, streams and events are reported at exit.
// Allocations, frees and the stream-ordered calls are traced for the tests
// (fakeCudaTrace).
//
// Knobs (environment): FAKE_CUDA_CC=80 pretends to be an sm_80 device;
// FAKE_CUDA_DEVICES=0 pretends there is no device. Faults of the emulated
// tma kernels, for gemm-run's checks: FAKE_CUDA_STRAY_WRITE=d:I (or c:I)
// also zeroes element I of D (or C), counted from its first element, I
// negative or past the end included; FAKE_CUDA_NONDETERMINISTIC=1 flips
// the lowest bit of D's last element in every launch after the first.
// FAKE_CUDA_WRITE_PADDING=1 makes the grouped kernels zero element 0 of the
// first row they must not write. FAKE_CUDA_EMPTY_GROUPS_ZERO=1 makes the
// K-grouped kernels write zeros for a group of K 0, forgetting its C.
//
//===----------------------------------------------------------------------===//

#include "CudaDriverApi.h"
#include "ReferenceAbi.h"
#include "hopgemm/Runtime/Numerics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace hopgemm::cuda;
using namespace hopgemm::numerics;

namespace {

constexpr int kOptinSmem = 232448;

struct State {
  std::map<CUdeviceptr, size_t> allocations;
  std::map<CUmodule, std::set<std::string>> modules;
  std::map<CUfunction, std::pair<std::string, int>> functions; // name, smem
  std::set<void *> streams, events;
  // Streams capturing a graph (fakeCudaSetCapturing), in global mode: while
  // one does, allocating and synchronizing fail as they do in CUDA.
  std::set<void *> capturing;
  int contextRefs = 0;
  long nextHandle = 1;
  // Counters the tests read through fakeCudaCounters().
  int asyncUploads = 0, streamSyncs = 0, launches = 0;
  int tmaLaunches = 0;
  // One line per call, e.g. "memset s7 256" (stream s<handle>, bytes).
  std::string trace;

  ~State() {
    if (!allocations.empty() || !modules.empty() || !streams.empty() ||
        !events.empty() || contextRefs != 0)
      std::fprintf(stderr,
                   "fake cuda: leaked %zu allocations, %zu modules, %zu "
                   "streams, %zu events, %d context references\n",
                   allocations.size(), modules.size(), streams.size(),
                   events.size(), contextRefs);
  }
} state;

template <typename T> T newHandle() {
  return reinterpret_cast<T>(static_cast<std::uintptr_t>(state.nextHandle++));
}

[[noreturn]] void die(const std::string &what) {
  std::fprintf(stderr, "fake cuda: %s\n", what.c_str());
  std::abort();
}

/// Names a stream in the trace: s<handle>, s0 for the legacy default stream.
std::string streamName(CUstream s) {
  if (s && !state.streams.count(s))
    die("use of an unknown stream");
  return "s" + std::to_string(reinterpret_cast<std::uintptr_t>(s));
}

void trace(const std::string &line) { state.trace += line + "\n"; }

/// Checks that [ptr, ptr + bytes) lies in one live allocation.
void checkRange(CUdeviceptr ptr, size_t bytes, const char *what) {
  auto it = state.allocations.upper_bound(ptr);
  if (it == state.allocations.begin())
    die(std::string(what) + ": address outside any allocation");
  --it;
  if (ptr < it->first || ptr + bytes > it->first + it->second)
    die(std::string(what) + ": " + std::to_string(bytes) + " bytes at offset " +
        std::to_string(ptr - it->first) + " exceed an allocation of " +
        std::to_string(it->second));
}

//===----------------------------------------------------------------------===//
// Tensor maps: the fake stores its arguments in the 128 opaque bytes.
//===----------------------------------------------------------------------===//

struct FakeMap {
  std::uint64_t magic;
  std::uint64_t address;
  std::uint64_t dims[2];
  std::uint64_t stride;
  std::uint32_t box[2];
  std::int32_t dataType;
  std::int32_t swizzle;
};
constexpr std::uint64_t kMapMagic = 0x66616b656d617021ull;
static_assert(sizeof(FakeMap) <= sizeof(CUtensorMap), "");

int elementBytes(CUtensorMapDataType t) {
  switch (t) {
  case CU_TENSOR_MAP_DATA_TYPE_UINT8:
    return 1;
  case CU_TENSOR_MAP_DATA_TYPE_FLOAT16:
  case CU_TENSOR_MAP_DATA_TYPE_BFLOAT16:
    return 2;
  case CU_TENSOR_MAP_DATA_TYPE_INT32:
  case CU_TENSOR_MAP_DATA_TYPE_FLOAT32:
    return 4;
  }
  return 0;
}

FakeMap readMap(const void *p) {
  FakeMap m;
  std::memcpy(&m, p, sizeof(m));
  if (m.magic != kMapMagic)
    die("kernel parameter is not an encoded tensor map");
  return m;
}

/// Reads element (row, col) of a map's tensor; out of bounds reads zero,
/// like TMA's OOB fill.
template <typename T> T mapElement(const FakeMap &m, long row, long col) {
  if (row < 0 || col < 0 || std::uint64_t(row) >= m.dims[1] ||
      std::uint64_t(col) >= m.dims[0])
    return T(0);
  T v;
  std::memcpy(&v,
              reinterpret_cast<const char *>(m.address) + row * m.stride +
                  col * sizeof(T),
              sizeof(T));
  return v;
}

//===----------------------------------------------------------------------===//
// Kernel emulations
//===----------------------------------------------------------------------===//

float loadElement(std::uint64_t base, std::int64_t i, std::int64_t dtype) {
  switch (dtype) {
  case 0:
    return decodeE4M3FN(reinterpret_cast<const std::uint8_t *>(base)[i]);
  case 1:
    return decodeE5M2(reinterpret_cast<const std::uint8_t *>(base)[i]);
  case 2:
    return decodeBF16(reinterpret_cast<const std::uint16_t *>(base)[i]);
  case 3:
    return decodeF16(reinterpret_cast<const std::uint16_t *>(base)[i]);
  default:
    return reinterpret_cast<const float *>(base)[i];
  }
}

float loadInput(const hopgemm::reference::InputParams &in, std::int64_t r,
                std::int64_t k) {
  float v = loadElement(in.data, r * in.rowStride + k * in.kStride, in.dtype);
  if (!in.scale)
    return v;
  std::int64_t s = (r / in.scaleBlockRows) * in.scaleRowStride +
                   (k / in.scaleBlockCols) * in.scaleKStride;
  // DType::E8M0 (6): UE8M0 bytes; otherwise f32.
  if (in.scaleDtype == 6)
    return v * decodeE8M0(reinterpret_cast<const std::uint8_t *>(in.scale)[s]);
  return v * reinterpret_cast<const float *>(in.scale)[s];
}

/// Element (row, col) of a scale map: f32, or UE8M0 bytes when `bytes`; dies
/// when the map's element type is not that.
float mapScale(const FakeMap &m, long row, long col, bool bytes) {
  const CUtensorMapDataType want =
      bytes ? CU_TENSOR_MAP_DATA_TYPE_UINT8 : CU_TENSOR_MAP_DATA_TYPE_FLOAT32;
  if (m.dataType != want)
    die(std::string("scale tensor map of data type ") +
        std::to_string(m.dataType) + ", expected " + std::to_string(want));
  return bytes ? decodeE8M0(mapElement<std::uint8_t>(m, row, col))
               : mapElement<float>(m, row, col);
}

void referenceGemm(const CUlaunchConfig &config, void **params) {
  const auto &p =
      *static_cast<const hopgemm::reference::GemmParams *>(params[0]);
  if (config.blockDimX != hopgemm::reference::kThreads ||
      std::int64_t(config.gridDimX) * hopgemm::reference::kTileN < p.n ||
      std::int64_t(config.gridDimY) * hopgemm::reference::kTileM < p.m)
    die("reference kernel launched with a grid that does not cover D");
  for (std::int64_t m = 0; m < p.m; ++m) {
    for (std::int64_t n = 0; n < p.n; ++n) {
      float acc = 0;
      for (std::int64_t k = 0; k < p.k; ++k)
        acc = std::fma(loadInput(p.a, m, k), loadInput(p.b, n, k), acc);
      if (p.hasC)
        acc +=
            loadElement(p.c.data, m * p.c.mStride + n * p.c.nStride, p.c.dtype);
      std::int64_t i = m * p.d.mStride + n * p.d.nStride;
      if (p.d.dtype == 2)
        reinterpret_cast<std::uint16_t *>(p.d.data)[i] = encodeBF16(acc);
      else if (p.d.dtype == 3)
        reinterpret_cast<std::uint16_t *>(p.d.data)[i] = encodeF16(acc);
      else
        reinterpret_cast<float *>(p.d.data)[i] = acc;
    }
  }
}

/// FAKE_CUDA_STRAY_WRITE: zeroes one element of D (bf16) or C (f32).
void strayWrite(std::uint16_t *d, float *c) {
  const char *env = std::getenv("FAKE_CUDA_STRAY_WRITE");
  if (!env)
    return;
  char *end = nullptr;
  long index =
      std::strtol(env + std::min<size_t>(2, std::strlen(env)), &end, 10);
  if ((env[0] != 'd' && env[0] != 'c') || env[1] != ':' || !env[2] || *end)
    die(std::string("FAKE_CUDA_STRAY_WRITE must be d:INDEX or c:INDEX, not ") +
        env);
  if (env[0] == 'd')
    d[index] = 0;
  else if (c)
    c[index] = 0;
  else
    die("FAKE_CUDA_STRAY_WRITE names c, but the kernel has no c");
}

/// The first three parameters, tensor maps passed by value or as pointers to
/// global copies.
void readMaps(void **params, bool gridConstant, FakeMap maps[3]) {
  for (int i = 0; i < 3; ++i) {
    if (gridConstant) {
      maps[i] = readMap(params[i]);
    } else {
      CUdeviceptr p = *static_cast<CUdeviceptr *>(params[i]);
      if (p % 64 != 0)
        die("global tensor map is not 64-byte aligned");
      checkRange(p, 128, "tensor map read");
      maps[i] = readMap(reinterpret_cast<const void *>(p));
    }
  }
}

/// Inputs/tma_gemm.cu, CTA by CTA; with `byteScales`, SA (the third map)
/// and SB hold UE8M0 bytes instead of floats.
void tmaGemm(const CUlaunchConfig &config, void **params, bool gridConstant,
             bool hasC, bool byteScales = false) {
  FakeMap maps[3];
  readMaps(params, gridConstant, maps);
  int next = 3;
  const CUdeviceptr sbPtr = *static_cast<CUdeviceptr *>(params[next++]);
  auto sb = [&](long i) {
    return byteScales
               ? decodeE8M0(reinterpret_cast<const std::uint8_t *>(sbPtr)[i])
               : reinterpret_cast<const float *>(sbPtr)[i];
  };
  float *c = nullptr;
  if (hasC)
    c = reinterpret_cast<float *>(*static_cast<CUdeviceptr *>(params[next++]));
  auto d = reinterpret_cast<std::uint16_t *>(
      *static_cast<CUdeviceptr *>(params[next++]));
  int m = *static_cast<int *>(params[next++]);
  int n = *static_cast<int *>(params[next++]);
  int k = *static_cast<int *>(params[next++]);
  const int tile = 32;
  if (maps[0].box[0] != 32 || maps[0].box[1] != 32 || maps[2].box[0] != 32 ||
      maps[2].box[1] != 1)
    die("tma_gemm: unexpected boxes");
  int tilesN = (n + tile - 1) / tile, tiles = (m + tile - 1) / tile * tilesN;
  int scaleCols = (k + 127) / 128;
  for (unsigned cta = 0; cta < config.gridDimX; ++cta) {
    for (int t = cta; t < tiles; t += config.gridDimX) {
      int m0 = t / tilesN * tile, n0 = t % tilesN * tile;
      for (int r = 0; r < tile; ++r) {
        for (int j = 0; j < tile; ++j) {
          float acc = 0;
          for (int k0 = 0; k0 < k; k0 += tile) {
            float part = 0;
            for (int kk = 0; kk < tile; ++kk)
              part += decodeE4M3FN(
                          mapElement<std::uint8_t>(maps[0], m0 + r, k0 + kk)) *
                      decodeE4M3FN(
                          mapElement<std::uint8_t>(maps[1], n0 + j, k0 + kk));
            int nIndex = std::min(n0 + j, n - 1);
            acc += part * mapScale(maps[2], k0 / 128, m0 + r, byteScales) *
                   sb((nIndex / 128) * scaleCols + k0 / 128);
          }
          if (m0 + r >= m || n0 + j >= n)
            continue;
          long i = long(m0 + r) * n + n0 + j;
          if (hasC)
            acc += c[i];
          d[i] = encodeBF16(acc);
        }
      }
    }
  }
  if (state.tmaLaunches++ > 0 && std::getenv("FAKE_CUDA_NONDETERMINISTIC"))
    d[long(m) * n - 1] ^= 1;
  strayWrite(d, c);
}

/// grouped_contiguous_gemm(a, b, sa, sb, d, m_indices, m, n, k) and
/// grouped_masked_gemm(a, b, sa, sb, d, masked_m, m, groups, n, k): a, b and
/// sa are global tensor maps over the grouped views of docs/runtime.md
/// (1x128 and 128x128 block scales, e4m3, bf16 D), d and sb plain pointers.
/// Writes exactly the valid rows: m_indices[r] >= 0, or row i < masked_m[g]
/// of group g. The grid must be the planner's, tiles of kGroupedTile rows
/// and columns.
void groupedGemm(const CUlaunchConfig &config, void **params, bool masked) {
  constexpr long kGroupedTile = 32;
  FakeMap maps[3];
  readMaps(params, false, maps);
  auto pointer = [&](int i) { return *static_cast<CUdeviceptr *>(params[i]); };
  auto integer = [&](int i) { return long(*static_cast<int *>(params[i])); };
  auto sb = reinterpret_cast<const float *>(pointer(3));
  auto d = reinterpret_cast<std::uint16_t *>(pointer(4));
  auto index = reinterpret_cast<const std::int32_t *>(pointer(5));
  long m = integer(6), groups = masked ? integer(7) : 0;
  long n = integer(masked ? 8 : 7), k = integer(masked ? 9 : 8);
  long rows = masked ? groups * m : m;
  long tilesN = (n + kGroupedTile - 1) / kGroupedTile;
  long tiles = masked ? groups * (m / kGroupedTile) * tilesN
                      : (m + kGroupedTile - 1) / kGroupedTile * tilesN;
  if (long(config.gridDimX) != tiles)
    die("grouped gemm launched with " + std::to_string(config.gridDimX) +
        " CTAs for " + std::to_string(tiles) + " tiles");
  checkRange(pointer(5), (masked ? groups : m) * 4, "grouped gemm index");
  const long kBlocks = (k + 127) / 128, nBlocks = (n + 127) / 128;
  long firstPadding = -1;
  for (long r = 0; r < rows; ++r) {
    long g = masked ? r / m : index[r], i = masked ? r % m : r;
    bool valid = masked ? i < index[g] : g >= 0;
    // Rows that must stay unwritten: masked, past masked_m rounded up to
    // the tile; contiguous, the blocks whose first row is -1.
    bool padding = masked ? i >= (index[g] + kGroupedTile - 1) / kGroupedTile *
                                     kGroupedTile
                          : index[r / kGroupedTile * kGroupedTile] < 0;
    if (padding && firstPadding < 0)
      firstPadding = r;
    if (!valid)
      continue;
    // SA: M-major; m_masked stacks one block of kBlocks rows per group.
    long saRow0 = masked ? g * kBlocks : 0;
    for (long j = 0; j < n; ++j) {
      float acc = 0;
      for (long kb = 0; kb < kBlocks; ++kb) {
        float part = 0;
        for (long kk = kb * 128; kk < std::min(k, (kb + 1) * 128); ++kk)
          part +=
              decodeE4M3FN(mapElement<std::uint8_t>(maps[0], r, kk)) *
              decodeE4M3FN(mapElement<std::uint8_t>(maps[1], g * n + j, kk));
        acc += part * mapElement<float>(maps[2], saRow0 + kb, i) *
               sb[(g * nBlocks + j / 128) * kBlocks + kb];
      }
      d[r * n + j] = encodeBF16(acc);
    }
  }
  if (std::getenv("FAKE_CUDA_WRITE_PADDING") && firstPadding >= 0)
    d[firstPadding * n] = 0;
}

/// Element (row, col) of a map's tensor for writing; dies out of bounds
/// (a TMA store clips, but our kernels never store there).
template <typename T> T *mapStore(const FakeMap &m, long row, long col) {
  if (row < 0 || col < 0 || std::uint64_t(row) >= m.dims[1] ||
      std::uint64_t(col) >= m.dims[0])
    die("tensor map store out of bounds");
  return reinterpret_cast<T *>(reinterpret_cast<char *>(m.address) +
                               row * m.stride + col * sizeof(T));
}

/// k_grouped_gemm(a, b, sa, sb, d, ks, m, groups) and k_grouped_gemm_c(a,
/// b, sa, sb, c, d, ks, m, groups): every parameter but ks a global tensor
/// map over the views of docs/runtime.md (e4m3 A (M, K) and B (N, K), their
/// M- and N-major 1x128 scales, f32 D and C of G stacked M x N blocks).
/// Group g's block of D is C's plus the product over its ks[g] columns of K,
/// which start at the sum of the earlier ks; each element reads C before it
/// writes D, so C may be D. The persistent grid must be min(SMs, G x M / 32
/// x ceil(N / 32)). With `byteScales`, SA and SB hold UE8M0 bytes.
void kGroupedGemm(const CUlaunchConfig &config, void **params, bool hasC,
                  bool byteScales = false) {
  constexpr long kTile = 32;
  const int count = hasC ? 6 : 5;
  FakeMap maps[6];
  for (int i = 0; i < count; ++i) {
    CUdeviceptr p = *static_cast<CUdeviceptr *>(params[i]);
    if (p % 64 != 0)
      die("global tensor map is not 64-byte aligned");
    checkRange(p, 128, "tensor map read");
    maps[i] = readMap(reinterpret_cast<const void *>(p));
  }
  const FakeMap &a = maps[0], &b = maps[1], &sa = maps[2], &sb = maps[3];
  const FakeMap *c = hasC ? &maps[4] : nullptr;
  const FakeMap &d = maps[count - 1];
  CUdeviceptr ksPtr = *static_cast<CUdeviceptr *>(params[count]);
  long m = *static_cast<int *>(params[count + 1]);
  long groups = *static_cast<int *>(params[count + 2]);
  long n = long(d.dims[0]), k = long(a.dims[0]);
  if (long(d.dims[1]) != groups * m || long(b.dims[0]) != k)
    die("k_grouped_gemm: the maps do not match m, groups and k");
  long tiles = groups * ((m + kTile - 1) / kTile) * ((n + kTile - 1) / kTile);
  if (long(config.gridDimX) != std::min(132L, tiles))
    die("k_grouped_gemm launched with " + std::to_string(config.gridDimX) +
        " CTAs for " + std::to_string(tiles) + " tiles");
  checkRange(ksPtr, groups * 4, "k_grouped_gemm ks");
  auto ks = reinterpret_cast<const std::int32_t *>(ksPtr);
  const bool zeroEmpty = std::getenv("FAKE_CUDA_EMPTY_GROUPS_ZERO");
  long begin = 0;
  for (long g = 0; g < groups; ++g) {
    if (ks[g] < 0 || ks[g] % 128 != 0 || begin + ks[g] > k)
      die("k_grouped_gemm: bad ks[" + std::to_string(g) + "] " +
          std::to_string(ks[g]));
    for (long r = 0; r < m; ++r) {
      for (long j = 0; j < n; ++j) {
        float acc = 0;
        for (long kb = begin / 128; kb < (begin + ks[g]) / 128; ++kb) {
          float part = 0;
          for (long kk = kb * 128; kk < (kb + 1) * 128; ++kk)
            part += decodeE4M3FN(mapElement<std::uint8_t>(a, r, kk)) *
                    decodeE4M3FN(mapElement<std::uint8_t>(b, j, kk));
          acc += part * mapScale(sa, kb, r, byteScales) *
                 mapScale(sb, kb, j, byteScales);
        }
        if (c && !(zeroEmpty && ks[g] == 0))
          acc += mapElement<float>(*c, g * m + r, j);
        *mapStore<float>(d, g * m + r, j) = acc;
      }
    }
    begin += ks[g];
  }
  if (begin != k)
    die("k_grouped_gemm: ks sum to " + std::to_string(begin) + ", not k " +
        std::to_string(k));
}

/// splitk_gemm(a, b, d, workspace, m, n, k): D (f32, m x n) = A (m x k) @
/// B (n x k)^T, both e4m3 and K-major, in 16x16 tiles of S CTAs each, S =
/// grid / tiles. CTA c computes K slice c % S of tile c / S and stores it in
/// the workspace (32-bit counters, then at a 256-byte boundary S 16x16 f32
/// partials per tile); the CTA that finds S - 1 in the tile's counter adds
/// the partials in slice order, writes D and resets the counter. The CTAs run
/// last to first, so the finishing CTA is not the last slice's.
void splitKGemm(const CUlaunchConfig &config, void **params) {
  auto arg = [&](int i) { return *static_cast<CUdeviceptr *>(params[i]); };
  auto a = reinterpret_cast<const std::uint8_t *>(arg(0));
  auto b = reinterpret_cast<const std::uint8_t *>(arg(1));
  auto d = reinterpret_cast<float *>(arg(2));
  CUdeviceptr workspace = arg(3);
  long m = *static_cast<int *>(params[4]), n = *static_cast<int *>(params[5]),
       k = *static_cast<int *>(params[6]);
  const long tile = 16;
  long tilesN = (n + tile - 1) / tile, tiles = (m + tile - 1) / tile * tilesN;
  if (config.gridDimX % tiles != 0)
    die("splitk_gemm: the grid is not a multiple of the tiles");
  long splits = config.gridDimX / tiles, slice = (k + splits - 1) / splits;
  size_t partialOffset = (tiles * 4 + 255) / 256 * 256;
  checkRange(workspace, partialOffset + tiles * splits * tile * tile * 4,
             "splitk_gemm workspace");
  auto *counters = reinterpret_cast<std::uint32_t *>(workspace);
  auto *partials = reinterpret_cast<float *>(workspace + partialOffset);
  for (long t = 0; t < tiles; ++t)
    if (counters[t] != 0)
      die("splitk_gemm: the counter of tile " + std::to_string(t) + " is " +
          std::to_string(counters[t]) + " at launch");
  for (long cta = long(config.gridDimX) - 1; cta >= 0; --cta) {
    long t = cta / splits, s = cta % splits;
    long m0 = t / tilesN * tile, n0 = t % tilesN * tile;
    float *part = partials + (t * splits + s) * tile * tile;
    for (long r = 0; r < tile; ++r) {
      for (long j = 0; j < tile; ++j) {
        float acc = 0;
        if (m0 + r < m && n0 + j < n)
          for (long kk = s * slice; kk < std::min(k, (s + 1) * slice); ++kk)
            acc += decodeE4M3FN(a[(m0 + r) * k + kk]) *
                   decodeE4M3FN(b[(n0 + j) * k + kk]);
        part[r * tile + j] = acc;
      }
    }
    if (counters[t]++ != std::uint32_t(splits - 1))
      continue;
    counters[t] = 0;
    for (long r = 0; r < tile && m0 + r < m; ++r) {
      for (long j = 0; j < tile && n0 + j < n; ++j) {
        float sum = 0;
        for (long i = 0; i < splits; ++i)
          sum += partials[(t * splits + i) * tile * tile + r * tile + j];
        d[(m0 + r) * n + n0 + j] = sum;
      }
    }
  }
}

/// streamk_gemm(a, b, d, workspace, m, n, k): splitk_gemm's GEMM in 16x16
/// tiles and K blocks of 32, as a stream-K kernel of G = grid CTAs. The
/// whole rounds of tiles are computed whole, CTA c taking tiles c, c + G,
/// ...; the K blocks of the R < G tiles left, R x KB in all, are shared out
/// in order, CTA c taking blocks [c x R x KB / G, (c + 1) x R x KB / G), at
/// most KB. The workspace holds 32-bit counters, one per tile, then at a
/// 256-byte boundary one 16x16 f32 partial per CTA: a CTA that computes
/// part of a tile without its first K block (at most one such part) stores
/// it in its partial and counts it in the tile's counter; the CTA with the
/// first K block adds the others' partials, writes D and resets the
/// counter. The CTAs run last to first, so that CTA is the last to finish
/// its tile.
void streamKGemm(const CUlaunchConfig &config, void **params) {
  auto arg = [&](int i) { return *static_cast<CUdeviceptr *>(params[i]); };
  auto a = reinterpret_cast<const std::uint8_t *>(arg(0));
  auto b = reinterpret_cast<const std::uint8_t *>(arg(1));
  auto d = reinterpret_cast<float *>(arg(2));
  CUdeviceptr workspace = arg(3);
  long m = *static_cast<int *>(params[4]), n = *static_cast<int *>(params[5]),
       k = *static_cast<int *>(params[6]);
  const long tile = 16, blockK = 32;
  long tilesN = (n + tile - 1) / tile, tiles = (m + tile - 1) / tile * tilesN;
  long ctas = config.gridDimX, kBlocks = (k + blockK - 1) / blockK;
  long wholeTiles = tiles / ctas * ctas, units = (tiles - wholeTiles) * kBlocks;
  size_t partialOffset = (tiles * 4 + 255) / 256 * 256;
  checkRange(workspace, partialOffset + ctas * tile * tile * 4,
             "streamk_gemm workspace");
  auto *counters = reinterpret_cast<std::uint32_t *>(workspace);
  auto *partials = reinterpret_cast<float *>(workspace + partialOffset);
  for (long t = 0; t < tiles; ++t)
    if (counters[t] != 0)
      die("streamk_gemm: the counter of tile " + std::to_string(t) + " is " +
          std::to_string(counters[t]) + " at launch");
  // The products of K blocks [k0, k1) of tile t.
  auto compute = [&](long t, long k0, long k1, float *out) {
    long m0 = t / tilesN * tile, n0 = t % tilesN * tile;
    for (long r = 0; r < tile; ++r) {
      for (long j = 0; j < tile; ++j) {
        float acc = 0;
        if (m0 + r < m && n0 + j < n)
          for (long kk = k0 * blockK; kk < std::min(k, k1 * blockK); ++kk)
            acc += decodeE4M3FN(a[(m0 + r) * k + kk]) *
                   decodeE4M3FN(b[(n0 + j) * k + kk]);
        out[r * tile + j] = acc;
      }
    }
  };
  auto store = [&](long t, const float *acc) {
    long m0 = t / tilesN * tile, n0 = t % tilesN * tile;
    for (long r = 0; r < tile && m0 + r < m; ++r)
      for (long j = 0; j < tile && n0 + j < n; ++j)
        d[(m0 + r) * n + n0 + j] = acc[r * tile + j];
  };
  // The first K block (of all the shared tiles') of CTA c.
  auto first = [&](long c) { return c * units / ctas; };
  std::vector<float> acc(tile * tile);
  for (long c = ctas - 1; c >= 0; --c) {
    for (long t = c; t < wholeTiles; t += ctas) {
      compute(t, 0, kBlocks, acc.data());
      store(t, acc.data());
    }
    for (long u = first(c); u < first(c + 1);) {
      long shared = u / kBlocks, t = wholeTiles + shared;
      long k0 = u % kBlocks, k1 = std::min(kBlocks, k0 + first(c + 1) - u);
      u += k1 - k0;
      if (k0 != 0) {
        compute(t, k0, k1, partials + c * tile * tile);
        ++counters[t];
        continue;
      }
      compute(t, 0, k1, acc.data());
      // The CTAs after c that share the tile ran before it.
      std::uint32_t sharers = 0;
      for (long o = c + 1; o < ctas && first(o) < (shared + 1) * kBlocks; ++o) {
        if (first(o + 1) == first(o))
          continue;
        ++sharers;
        for (long i = 0; i < tile * tile; ++i)
          acc[i] += partials[o * tile * tile + i];
      }
      if (counters[t] != sharers)
        die("streamk_gemm: the counter of tile " + std::to_string(t) + " is " +
            std::to_string(counters[t]) + ", not " + std::to_string(sharers));
      counters[t] = 0;
      store(t, acc.data());
    }
  }
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// The error codes the fake produces, with the driver's text and name.
struct FakeError {
  CUresult code;
  const char *text, *name;
};
constexpr FakeError kFakeErrors[] = {
    {CUDA_ERROR_INVALID_VALUE, "invalid argument", "CUDA_ERROR_INVALID_VALUE"},
    {CUDA_ERROR_NOT_FOUND, "named symbol not found", "CUDA_ERROR_NOT_FOUND"},
    {CUDA_ERROR_INVALID_PTX, "a PTX JIT compilation failed",
     "CUDA_ERROR_INVALID_PTX"},
    {CUDA_ERROR_OUT_OF_MEMORY, "out of memory", "CUDA_ERROR_OUT_OF_MEMORY"},
};
// CUDA_ERROR_UNKNOWN (999) is not among the declared codes.
constexpr FakeError kUnknownError = {static_cast<CUresult>(999),
                                     "unknown error", "CUDA_ERROR_UNKNOWN"};

const FakeError &fakeError(CUresult r) {
  for (const FakeError &e : kFakeErrors)
    if (e.code == r)
      return e;
  return kUnknownError;
}

CUresult fakeGetErrorString(CUresult r, const char **s) {
  *s = fakeError(r).text;
  return CUDA_SUCCESS;
}

CUresult fakeGetErrorName(CUresult r, const char **s) {
  *s = fakeError(r).name;
  return CUDA_SUCCESS;
}

CUresult fakeInit(unsigned) { return CUDA_SUCCESS; }
CUresult fakeDriverGetVersion(int *v) {
  *v = 13000;
  return CUDA_SUCCESS;
}
CUresult fakeDeviceGetCount(int *n) {
  const char *env = std::getenv("FAKE_CUDA_DEVICES");
  *n = env ? std::atoi(env) : 1;
  return CUDA_SUCCESS;
}
CUresult fakeDeviceGet(CUdevice *d, int ordinal) {
  int n;
  fakeDeviceGetCount(&n);
  if (ordinal < 0 || ordinal >= n)
    return CUDA_ERROR_INVALID_DEVICE;
  *d = ordinal;
  return CUDA_SUCCESS;
}
CUresult fakeDeviceGetName(char *name, int len, CUdevice) {
  std::snprintf(name, len, "Fake H100");
  return CUDA_SUCCESS;
}
CUresult fakeDeviceGetAttribute(int *v, CUdevice_attribute a, CUdevice) {
  const char *cc = std::getenv("FAKE_CUDA_CC");
  int ccValue = cc ? std::atoi(cc) : 90;
  switch (a) {
  case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR:
    *v = ccValue / 10;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR:
    *v = ccValue % 10;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT:
    *v = 132;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN:
    *v = kOptinSmem;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE:
    *v = 50 << 20;
    return CUDA_SUCCESS;
  default:
    return CUDA_ERROR_INVALID_VALUE;
  }
}
CUresult fakePrimaryCtxRetain(CUcontext *ctx, CUdevice) {
  ++state.contextRefs;
  *ctx = reinterpret_cast<CUcontext>(std::uintptr_t(0xc0));
  return CUDA_SUCCESS;
}
CUresult fakePrimaryCtxRelease(CUdevice) {
  if (state.contextRefs-- <= 0)
    die("primary context released more often than retained");
  return CUDA_SUCCESS;
}
CUresult fakeCtxSetCurrent(CUcontext) { return CUDA_SUCCESS; }

CUresult fakeModuleLoadDataEx(CUmodule *module, const void *image,
                              unsigned numOptions, CUjit_option *options,
                              void **values) {
  const char *text = static_cast<const char *>(image);
  std::set<std::string> entries;
  bool ptx = std::strstr(text, ".version") && std::strstr(text, ".target");
  for (const char *p = text; ptx && (p = std::strstr(p, ".entry "));) {
    p += 7;
    size_t len = std::strcspn(p, "( \n");
    entries.insert(std::string(p, len));
  }
  if (!ptx) {
    for (unsigned i = 0; i < numOptions; ++i)
      if (options[i] == CU_JIT_ERROR_LOG_BUFFER)
        std::snprintf(static_cast<char *>(values[i]), 64,
                      "ptxas fatal   : not a PTX module");
    return CUDA_ERROR_INVALID_PTX;
  }
  *module = newHandle<CUmodule>();
  state.modules[*module] = entries;
  return CUDA_SUCCESS;
}
CUresult fakeModuleLoadData(CUmodule *module, const void *image) {
  return fakeModuleLoadDataEx(module, image, 0, nullptr, nullptr);
}
CUresult fakeModuleUnload(CUmodule m) {
  if (!state.modules.erase(m))
    die("unloading an unknown module");
  return CUDA_SUCCESS;
}
CUresult fakeModuleGetFunction(CUfunction *f, CUmodule m, const char *name) {
  auto it = state.modules.find(m);
  if (it == state.modules.end())
    die("cuModuleGetFunction on an unknown module");
  if (!it->second.count(name))
    return CUDA_ERROR_NOT_FOUND;
  *f = newHandle<CUfunction>();
  state.functions[*f] = {name, 48 * 1024};
  return CUDA_SUCCESS;
}
CUresult fakeModuleGetGlobal(CUdeviceptr *, size_t *, CUmodule, const char *) {
  return CUDA_ERROR_NOT_FOUND;
}
CUresult fakeFuncSetAttribute(CUfunction f, CUfunction_attribute a, int v) {
  auto it = state.functions.find(f);
  if (it == state.functions.end())
    die("cuFuncSetAttribute on an unknown function");
  if (a == CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES) {
    if (v > kOptinSmem)
      return CUDA_ERROR_INVALID_VALUE;
    it->second.second = v;
  }
  return CUDA_SUCCESS;
}

// Like a GPU whose GPCs do not all split into pairs of SMs: 60 clusters of
// two CTAs at once out of 132 SMs.
CUresult fakeOccupancyMaxActiveClusters(int *count, CUfunction f,
                                        const CUlaunchConfig *config) {
  if (state.functions.find(f) == state.functions.end())
    die("cuOccupancyMaxActiveClusters on an unknown function");
  unsigned size = 1;
  for (unsigned i = 0; i < config->numAttrs; ++i)
    if (config->attrs[i].id == CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION)
      size = config->attrs[i].value.clusterDim.x;
  *count = size == 2 ? 60 : static_cast<int>(132 / size);
  return CUDA_SUCCESS;
}

CUresult fakeLaunchKernelEx(const CUlaunchConfig *config, CUfunction f,
                            void **params, void **extra) {
  auto it = state.functions.find(f);
  if (it == state.functions.end())
    die("launch of an unknown function");
  if (extra || !params)
    die("launch without kernelParams");
  if (config->blockDimX * config->blockDimY * config->blockDimZ > 1024 ||
      config->gridDimX == 0 || config->gridDimY == 0 || config->gridDimZ == 0)
    return CUDA_ERROR_INVALID_VALUE;
  // The driver rejects more dynamic shared memory than the function allows.
  if (int(config->sharedMemBytes) > it->second.second)
    return CUDA_ERROR_INVALID_VALUE;
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    const CUlaunchAttribute &a = config->attrs[i];
    if (a.id != CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION)
      die("unexpected launch attribute");
    if (config->gridDimX % a.value.clusterDim.x != 0 ||
        a.value.clusterDim.y != 1 || a.value.clusterDim.z != 1)
      return CUDA_ERROR_INVALID_VALUE;
  }
  const std::string &name = it->second.first;
  if (state.capturing.count(config->hStream)) {
    // Recorded into the graph, not run.
    trace("capture " + streamName(config->hStream) + " " + name);
    return CUDA_SUCCESS;
  }
  ++state.launches;
  trace("launch " + streamName(config->hStream) + " " + name);
  if (name == "hopgemm_reference_gemm")
    referenceGemm(*config, params);
  else if (name == "tma_global_tiles")
    tmaGemm(*config, params, false, false);
  else if (name == "tma_gridconst_persistent_c") {
    if (config->numAttrs != 1 || config->attrs[0].value.clusterDim.x != 2)
      die("tma_gridconst_persistent_c needs 2-CTA clusters");
    tmaGemm(*config, params, true, true);
  } else if (name == "ue8m0_tiles")
    tmaGemm(*config, params, false, false, true);
  else if (name == "splitk_gemm")
    splitKGemm(*config, params);
  else if (name == "streamk_gemm")
    streamKGemm(*config, params);
  else if (name == "grouped_contiguous_gemm" || name == "grouped_masked_gemm")
    groupedGemm(*config, params, name == "grouped_masked_gemm");
  else if (name == "k_grouped_gemm" || name == "k_grouped_gemm_c")
    kGroupedGemm(*config, params, name == "k_grouped_gemm_c");
  else if (name == "k_grouped_gemm_ue8m0")
    kGroupedGemm(*config, params, false, true);
  else if (name != "fp8_gemm_nt")
    die("no emulation for kernel " + name);
  return CUDA_SUCCESS;
}

CUresult fakeMemAlloc(CUdeviceptr *p, size_t bytes) {
  if (!state.capturing.empty())
    return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
  if (bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (bytes > (size_t(8) << 30))
    return CUDA_ERROR_OUT_OF_MEMORY;
  void *mem = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!mem)
    return CUDA_ERROR_OUT_OF_MEMORY;
  // Garbage, like fresh device memory.
  std::memset(mem, 0xa5, bytes);
  *p = reinterpret_cast<CUdeviceptr>(mem);
  state.allocations[*p] = bytes;
  trace("alloc " + std::to_string(bytes));
  return CUDA_SUCCESS;
}
CUresult fakeMemFree(CUdeviceptr p) {
  auto it = state.allocations.find(p);
  if (it == state.allocations.end())
    die("cuMemFree of an address that is not allocated");
  trace("free " + std::to_string(it->second));
  state.allocations.erase(it);
  std::free(reinterpret_cast<void *>(p));
  return CUDA_SUCCESS;
}
CUresult fakeMemcpyHtoD(CUdeviceptr dst, const void *src, size_t bytes) {
  checkRange(dst, bytes, "cuMemcpyHtoD");
  std::memcpy(reinterpret_cast<void *>(dst), src, bytes);
  return CUDA_SUCCESS;
}
CUresult fakeMemcpyDtoH(void *dst, CUdeviceptr src, size_t bytes) {
  checkRange(src, bytes, "cuMemcpyDtoH");
  std::memcpy(dst, reinterpret_cast<const void *>(src), bytes);
  return CUDA_SUCCESS;
}
CUresult fakeMemcpyHtoDAsync(CUdeviceptr dst, const void *src, size_t bytes,
                             CUstream s) {
  ++state.asyncUploads;
  trace("upload " + streamName(s) + " " + std::to_string(bytes));
  return fakeMemcpyHtoD(dst, src, bytes);
}
CUresult fakeMemcpyDtoHAsync(void *dst, CUdeviceptr src, size_t bytes,
                             CUstream) {
  return fakeMemcpyDtoH(dst, src, bytes);
}
CUresult fakeMemsetD8(CUdeviceptr p, unsigned char v, size_t n) {
  checkRange(p, n, "cuMemsetD8");
  std::memset(reinterpret_cast<void *>(p), v, n);
  return CUDA_SUCCESS;
}
CUresult fakeMemsetD32Async(CUdeviceptr p, unsigned v, size_t n, CUstream s) {
  checkRange(p, 4 * n, "cuMemsetD32Async");
  trace("memset " + streamName(s) + " " + std::to_string(4 * n));
  auto *words = reinterpret_cast<unsigned *>(p);
  for (size_t i = 0; i < n; ++i)
    words[i] = v;
  return CUDA_SUCCESS;
}

CUresult fakeStreamCreate(CUstream *s, unsigned flags) {
  // Non-blocking streams would race with the legacy-stream copies.
  if (flags != CU_STREAM_DEFAULT)
    die("the runtime must create blocking streams");
  *s = newHandle<CUstream>();
  state.streams.insert(*s);
  return CUDA_SUCCESS;
}
CUresult fakeStreamSynchronize(CUstream s) {
  if (s && !state.streams.count(s))
    die("synchronizing an unknown stream");
  if (!state.capturing.empty())
    return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
  ++state.streamSyncs;
  trace("sync " + streamName(s));
  return CUDA_SUCCESS;
}
CUresult fakeStreamIsCapturing(CUstream s, CUstreamCaptureStatus *status) {
  streamName(s); // a known stream
  *status = state.capturing.count(s) ? CU_STREAM_CAPTURE_STATUS_ACTIVE
                                     : CU_STREAM_CAPTURE_STATUS_NONE;
  return CUDA_SUCCESS;
}
CUresult fakeStreamDestroy(CUstream s) {
  if (!state.streams.erase(s))
    die("destroying an unknown stream");
  return CUDA_SUCCESS;
}
CUresult fakeEventCreate(CUevent *e, unsigned) {
  *e = newHandle<CUevent>();
  state.events.insert(*e);
  return CUDA_SUCCESS;
}
CUresult fakeEventRecord(CUevent e, CUstream) {
  return state.events.count(e) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
CUresult fakeEventSynchronize(CUevent e) { return fakeEventRecord(e, nullptr); }
CUresult fakeEventElapsedTime(float *ms, CUevent, CUevent) {
  *ms = 0.25f;
  return CUDA_SUCCESS;
}
CUresult fakeEventDestroy(CUevent e) {
  if (!state.events.erase(e))
    die("destroying an unknown event");
  return CUDA_SUCCESS;
}

/// Checks the documented constraints of cuTensorMapEncodeTiled.
CUresult fakeTensorMapEncodeTiled(
    CUtensorMap *map, CUtensorMapDataType type, cuuint32_t rank, void *address,
    const cuuint64_t *dims, const cuuint64_t *strides, const cuuint32_t *box,
    const cuuint32_t *elementStrides, CUtensorMapInterleave interleave,
    CUtensorMapSwizzle swizzle, CUtensorMapL2promotion,
    CUtensorMapFloatOOBfill) {
  int bytes = elementBytes(type);
  if (rank != 2 || bytes == 0 ||
      reinterpret_cast<std::uintptr_t>(address) % 16 != 0 ||
      interleave != CU_TENSOR_MAP_INTERLEAVE_NONE)
    return CUDA_ERROR_INVALID_VALUE;
  for (int i = 0; i < 2; ++i)
    if (dims[i] == 0 || dims[i] > (std::uint64_t(1) << 32) || box[i] == 0 ||
        box[i] > 256 || elementStrides[i] != 1)
      return CUDA_ERROR_INVALID_VALUE;
  if (strides[0] % 16 != 0 || strides[0] >= (std::uint64_t(1) << 40) ||
      strides[0] < dims[0] * bytes)
    return CUDA_ERROR_INVALID_VALUE;
  std::uint64_t inner = std::uint64_t(box[0]) * bytes;
  static const std::uint64_t span[] = {0, 32, 64, 128};
  if (inner % 16 != 0 ||
      (swizzle != CU_TENSOR_MAP_SWIZZLE_NONE && inner > span[swizzle]))
    return CUDA_ERROR_INVALID_VALUE;
  // The whole tensor must lie in device memory.
  checkRange(reinterpret_cast<CUdeviceptr>(address),
             (dims[1] - 1) * strides[0] + dims[0] * bytes, "tensor map");
  FakeMap m = {kMapMagic,
               reinterpret_cast<std::uint64_t>(address),
               {dims[0], dims[1]},
               strides[0],
               {box[0], box[1]},
               type,
               swizzle};
  std::memset(map, 0, sizeof(*map));
  std::memcpy(map, &m, sizeof(m));
  return CUDA_SUCCESS;
}

struct Entry {
  const char *name;
  void *fn;
};
#define FAKE_ENTRY(name, fn) {#name, reinterpret_cast<void *>(&fn)}
const Entry kEntries[] = {
    FAKE_ENTRY(cuGetErrorString, fakeGetErrorString),
    FAKE_ENTRY(cuGetErrorName, fakeGetErrorName),
    FAKE_ENTRY(cuInit, fakeInit),
    FAKE_ENTRY(cuDriverGetVersion, fakeDriverGetVersion),
    FAKE_ENTRY(cuDeviceGet, fakeDeviceGet),
    FAKE_ENTRY(cuDeviceGetCount, fakeDeviceGetCount),
    FAKE_ENTRY(cuDeviceGetAttribute, fakeDeviceGetAttribute),
    FAKE_ENTRY(cuDeviceGetName, fakeDeviceGetName),
    FAKE_ENTRY(cuDevicePrimaryCtxRetain, fakePrimaryCtxRetain),
    FAKE_ENTRY(cuDevicePrimaryCtxRelease, fakePrimaryCtxRelease),
    FAKE_ENTRY(cuCtxSetCurrent, fakeCtxSetCurrent),
    FAKE_ENTRY(cuModuleLoadData, fakeModuleLoadData),
    FAKE_ENTRY(cuModuleLoadDataEx, fakeModuleLoadDataEx),
    FAKE_ENTRY(cuModuleUnload, fakeModuleUnload),
    FAKE_ENTRY(cuModuleGetFunction, fakeModuleGetFunction),
    FAKE_ENTRY(cuModuleGetGlobal, fakeModuleGetGlobal),
    FAKE_ENTRY(cuFuncSetAttribute, fakeFuncSetAttribute),
    FAKE_ENTRY(cuLaunchKernelEx, fakeLaunchKernelEx),
    FAKE_ENTRY(cuOccupancyMaxActiveClusters, fakeOccupancyMaxActiveClusters),
    FAKE_ENTRY(cuMemAlloc, fakeMemAlloc),
    FAKE_ENTRY(cuMemFree, fakeMemFree),
    FAKE_ENTRY(cuMemcpyHtoD, fakeMemcpyHtoD),
    FAKE_ENTRY(cuMemcpyDtoH, fakeMemcpyDtoH),
    FAKE_ENTRY(cuMemcpyHtoDAsync, fakeMemcpyHtoDAsync),
    FAKE_ENTRY(cuMemcpyDtoHAsync, fakeMemcpyDtoHAsync),
    FAKE_ENTRY(cuMemsetD8, fakeMemsetD8),
    FAKE_ENTRY(cuMemsetD32Async, fakeMemsetD32Async),
    FAKE_ENTRY(cuStreamCreate, fakeStreamCreate),
    FAKE_ENTRY(cuStreamSynchronize, fakeStreamSynchronize),
    FAKE_ENTRY(cuStreamDestroy, fakeStreamDestroy),
    FAKE_ENTRY(cuStreamIsCapturing, fakeStreamIsCapturing),
    FAKE_ENTRY(cuEventCreate, fakeEventCreate),
    FAKE_ENTRY(cuEventRecord, fakeEventRecord),
    FAKE_ENTRY(cuEventSynchronize, fakeEventSynchronize),
    FAKE_ENTRY(cuEventElapsedTime, fakeEventElapsedTime),
    FAKE_ENTRY(cuEventDestroy, fakeEventDestroy),
    FAKE_ENTRY(cuTensorMapEncodeTiled, fakeTensorMapEncodeTiled),
};

} // namespace

/// For tests: how often descriptors were uploaded, streams synchronized and
/// kernels launched.
extern "C" __attribute__((visibility("default"))) void
fakeCudaCounters(int *asyncUploads, int *streamSyncs, int *launches) {
  *asyncUploads = state.asyncUploads;
  *streamSyncs = state.streamSyncs;
  *launches = state.launches;
}

/// For tests: marks `stream` as capturing a CUDA graph (global mode) or not.
extern "C" __attribute__((visibility("default"))) void
fakeCudaSetCapturing(void *stream, int capturing) {
  if (capturing)
    state.capturing.insert(stream);
  else
    state.capturing.erase(stream);
}

/// For tests: every traced call since the library was loaded.
extern "C" __attribute__((visibility("default"))) const char *fakeCudaTrace() {
  return state.trace.c_str();
}

extern "C" __attribute__((visibility("default"))) CUresult
cuGetProcAddress_v2(const char *symbol, void **pfn, int cudaVersion,
                    cuuint64_t flags, CUdriverProcAddressQueryResult *status) {
  // The runtime asks for the CUDA 12.0 ABI with legacy stream semantics.
  if (cudaVersion != kApiVersion || flags != CU_GET_PROC_ADDRESS_LEGACY_STREAM)
    die(std::string("unexpected cuGetProcAddress request for ") + symbol);
  for (const Entry &e : kEntries) {
    if (std::strcmp(e.name, symbol) == 0) {
      *pfn = e.fn;
      if (status)
        *status = CU_GET_PROC_ADDRESS_SUCCESS;
      return CUDA_SUCCESS;
    }
  }
  *pfn = nullptr;
  if (status)
    *status = CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND;
  return CUDA_ERROR_NOT_FOUND;
}
