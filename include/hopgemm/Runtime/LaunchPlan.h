//===- LaunchPlan.h - checking and sizing a kernel launch -------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Everything about a launch that can be decided without a GPU: argument
// validation, grid and cluster sizes, and the exact arguments of every
// cuTensorMapEncodeTiled call. Kernel::launch only executes a LaunchPlan, so
// CI machines without a GPU test all of the decisions.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_LAUNCHPLAN_H
#define HOPGEMM_RUNTIME_LAUNCHPLAN_H

#include "hopgemm/Runtime/GemmTypes.h"
#include "hopgemm/Runtime/KernelMeta.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hopgemm {

/// A device address (CUdeviceptr).
using DevicePtr = std::uint64_t;

/// One tensor argument of a launch.
struct TensorArg {
  DevicePtr ptr = 0;
  /// Row stride of the tensor's 2-D view in elements (see GemmTypes.h);
  /// 0 means the dense default.
  std::int64_t ld = 0;
  /// The view's rows and columns as the caller sees them; 0 means "not
  /// stated". When stated they must equal what the kernel expects, which
  /// catches scale tensors of the wrong granularity.
  std::int64_t rows = 0, cols = 0;
  /// Size of the allocation behind `ptr` in bytes; 0 means unknown.
  std::uint64_t bytes = 0;
};

/// The arguments of one GEMM: D = (A * SA) @ (B * SB)^T (+ C). For a grouped
/// kernel (see GemmTypes.h): `groups` is G >= 1 (0 when ungrouped), `m` the
/// rows of all groups (m_contiguous), max_m (m_masked) or each group's M
/// (k_contiguous), `k` the sum of the groups' K (k_contiguous), and
/// m_indices, masked_m or ks the kernel's int32 index tensor. Its values
/// are device data and are not checked: m_indices[r] in [-1, G), constant
/// within each block of m_alignment rows, -1 for padding rows; masked_m[g]
/// in [0, max_m]; ks[g] >= 0 multiples of k_alignment that sum to k.
struct GemmArgs {
  std::int64_t m = 0, n = 0, k = 0;
  TensorArg a, sa, b, sb, c, d;
  std::int64_t groups = 0;
  TensorArg mIndices, maskedM;
  TensorArg ks;

  const TensorArg &tensor(TensorId id) const;
  TensorArg &tensor(TensorId id);
};

/// What planning needs to know about the device.
struct DeviceLimits {
  int ordinal = 0;
  std::string name;
  int ccMajor = 0, ccMinor = 0;
  int smCount = 0;
  /// CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN.
  std::int64_t maxSmemPerBlockOptin = 0;
  /// For a kernel with clusters: how many of its clusters the device runs
  /// at once (cuOccupancyMaxActiveClusters); 0 when not known, read as
  /// smCount / cluster size. Not every SM count splits into whole clusters
  /// of a GPC, and a persistent or stream-K grid of more clusters than fit
  /// would run the extra ones after the others have finished.
  int maxActiveClusters = 0;
};

// Values of the CUtensorMap* enums of cuda.h (checked by a unit test).
enum class TmaDataType : std::uint32_t {
  UInt8 = 0,
  Int32 = 3,
  Float16 = 6,
  Float32 = 7,
  BFloat16 = 9,
};
enum class TmaInterleave : std::uint32_t { None = 0 };
enum class TmaSwizzle : std::uint32_t {
  None = 0,
  B32 = 1,
  B64 = 2,
  B128 = 3,
};
enum class TmaL2Promotion : std::uint32_t { None = 0, L2_256B = 3 };
enum class TmaOobFill : std::uint32_t { None = 0 };

/// The arguments of one cuTensorMapEncodeTiled call for a rank-2 view.
struct TmaDescArgs {
  TmaDataType dataType = TmaDataType::UInt8;
  std::uint32_t rank = 2;
  DevicePtr globalAddress = 0;
  /// Innermost first: {cols, rows}.
  std::uint64_t globalDim[2] = {0, 0};
  /// Byte stride of dimension 1 (dimension 0 is contiguous).
  std::uint64_t globalStrides[1] = {0};
  std::uint32_t boxDim[2] = {0, 0};
  std::uint32_t elementStrides[2] = {1, 1};
  TmaInterleave interleave = TmaInterleave::None;
  TmaSwizzle swizzle = TmaSwizzle::None;
  TmaL2Promotion l2Promotion = TmaL2Promotion::L2_256B;
  TmaOobFill oobFill = TmaOobFill::None;
};

/// Checks a tiled TMA descriptor over `view` against the hardware rules
/// (dims below 2^32, strides multiples of 16 below 2^40, boxes of 1..256
/// with 16-byte inner rows that fit the swizzle span) and computes the
/// encode arguments. `what` names the tensor in messages.
Expected<TmaDescArgs> makeTmaDescArgs(const std::string &what,
                                      const TensorView &view, DevicePtr address,
                                      const std::uint32_t box[2],
                                      std::uint32_t swizzleBytes);

/// The device buffer behind a split-K or stream-K kernel's workspace
/// parameter. The counters, one per output tile, sit at offset 0; they are
/// zero when a launch starts, and the kernel leaves them zero. The partial
/// sums follow at a 256-byte aligned offset: first those of each output tile
/// (split-K), then those of each CTA of the grid (stream-K), either part
/// possibly empty; their contents do not matter.
struct WorkspaceLayout {
  static constexpr std::uint64_t kPartialAlignment = 256;

  /// tiles * counter_bytes_per_tile.
  std::uint64_t counterBytes = 0;
  /// align_up(counterBytes, 256); the runtime zeroes [0, partialOffset).
  std::uint64_t partialOffset = 0;
  /// partialOffset + tiles * partial_bytes_per_tile + ctas *
  /// partial_bytes_per_cta, the per-CTA partials starting at partialOffset
  /// + tiles * partial_bytes_per_tile; 0 without a workspace.
  std::uint64_t bytes = 0;
};

/// Lays out the workspace of `param` (a parsed Workspace parameter) for
/// `tiles` output tiles, which do not count the split-K factor, and a grid
/// of `ctas` CTAs (LaunchPlan::grid[0]). Sizes that do not fit in 64 bits
/// are errors.
Expected<WorkspaceLayout>
workspaceLayout(const ParamSpec &param, std::int64_t tiles, std::int64_t ctas);

/// One kernel parameter, ready to pass.
struct PlannedParam {
  ParamKind kind = ParamKind::Pointer;
  TensorId tensor = TensorId::A;
  TensorMapPass pass = TensorMapPass::Global;
  /// For Pointer. A Workspace's pointer is the Kernel's own buffer, which
  /// is known only at launch.
  DevicePtr pointer = 0;
  /// For I32.
  std::int32_t i32 = 0;
  /// For TensorMap.
  TmaDescArgs tma;
};

struct LaunchPlan {
  std::uint32_t grid[3] = {1, 1, 1};
  std::uint32_t block[3] = {1, 1, 1};
  /// CTAs per cluster along x; 1 means no cluster launch attribute.
  std::uint32_t clusterDim[3] = {1, 1, 1};
  std::uint32_t smemBytes = 0;
  /// More than 48 KiB of dynamic shared memory needs an opt-in attribute.
  bool needsSmemOptIn = false;
  /// Clusters above 8 CTAs need an opt-in attribute.
  bool needsNonPortableCluster = false;
  /// Output tiles; a grid of tiles has splitK CTAs for each.
  std::int64_t tiles = 0;
  /// What the kernel's workspace parameter needs (bytes 0 without one).
  WorkspaceLayout workspace;
  /// The views of the tensors the kernel uses (for messages and tools).
  TensorView views[kNumTensors];
  std::vector<PlannedParam> params;
};

/// Resolves the problem size: static sizes from the metadata, dynamic ones
/// from `args`, and the group count. Errors name the bad value: "n 4096 does
/// not match the kernel's static n 7168", "m 100 must be a multiple of the
/// kernel's tile M 128: each group's rows are padded to it".
Expected<GemmShape> resolveShape(const KernelMeta &meta, const GemmArgs &args);

/// Checks that the kernel can run on the device ("device 0 is sm_80 (NVIDIA
/// A100-SXM4-80GB), kernel needs sm_90a") with its shared memory.
Status checkDevice(const KernelMeta &meta, const DeviceLimits &device);

/// Output tiles of a launch (see KernelMeta's grid): ceil(M / tile M) x
/// ceil(N / tile N), or G x that for m_masked (M = max_m) and k_contiguous.
Expected<std::int64_t> countTiles(const KernelMeta &meta, GemmShape shape);

/// The grid size along x for `tiles` output tiles of meta.splitK CTAs each
/// (see GridKind). A persistent or stream-K grid is at most
/// `maxActiveClusters` clusters (0: smCount / cluster size); a stream-K grid
/// is that many whatever the tiles.
Expected<std::uint32_t> computeGridX(const KernelMeta &meta, std::int64_t tiles,
                                     int smCount, int maxActiveClusters = 0);

/// Validates a launch and computes everything needed to perform it.
Expected<LaunchPlan> planLaunch(const KernelMeta &meta, const GemmArgs &args,
                                const DeviceLimits &device);

/// Checks the tensors of `args` (shapes, strides, pointers, sizes) against a
/// GEMM spec with resolved `shape`, and fills `views`. Used by planLaunch and
/// by the reference implementations. `pointerPassed[i]` marks tensors the
/// kernel receives as plain pointers, which must have the default stride
/// since nothing tells the kernel about another one.
Status checkTensors(const GemmSpec &spec, GemmShape shape, const GemmArgs &args,
                    const bool *pointerPassed, TensorView views[kNumTensors]);

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_LAUNCHPLAN_H
