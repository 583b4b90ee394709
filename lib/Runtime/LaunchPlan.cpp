//===- LaunchPlan.cpp - checking and sizing a kernel launch --------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/LaunchPlan.h"

#include <algorithm>
#include <limits>

using namespace hopgemm;

namespace {
constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
constexpr std::uint64_t kTmaDimLimit = std::uint64_t(1) << 32;
constexpr std::uint64_t kTmaStrideLimit = std::uint64_t(1) << 40;
// Row strides are bounded so that every size computation below fits in 64
// bits: rows < 2^31, stride < 2^40 elements, 4 bytes per element.
constexpr std::int64_t kMaxRowStride = std::int64_t(1) << 40;
} // namespace

const TensorArg &GemmArgs::tensor(TensorId id) const {
  switch (id) {
  case TensorId::A:
    return a;
  case TensorId::B:
    return b;
  case TensorId::C:
    return c;
  case TensorId::D:
    return d;
  case TensorId::SA:
    return sa;
  case TensorId::SB:
    return sb;
  case TensorId::MIndices:
    return mIndices;
  case TensorId::MaskedM:
    return maskedM;
  case TensorId::KSizes:
    return ks;
  }
  return a;
}

TensorArg &GemmArgs::tensor(TensorId id) {
  return const_cast<TensorArg &>(
      static_cast<const GemmArgs *>(this)->tensor(id));
}

Expected<TmaDescArgs> hopgemm::makeTmaDescArgs(const std::string &what,
                                               const TensorView &view,
                                               DevicePtr address,
                                               const std::uint32_t box[2],
                                               std::uint32_t swizzleBytes) {
  TmaDescArgs t;
  switch (view.dtype) {
  case DType::F8E4M3FN:
  case DType::F8E5M2:
  case DType::E8M0:
    t.dataType = TmaDataType::UInt8;
    break;
  case DType::BF16:
    t.dataType = TmaDataType::BFloat16;
    break;
  case DType::F16:
    t.dataType = TmaDataType::Float16;
    break;
  case DType::F32:
    t.dataType = TmaDataType::Float32;
    break;
  case DType::I32:
    t.dataType = TmaDataType::Int32;
    break;
  }
  const std::uint64_t elemBytes = dtypeBytes(view.dtype);

  if (address % 16 != 0)
    return Status::errorf("tensor ", what, ": address ", hexStr(address),
                          " is not 16-byte aligned (TMA needs 16)");
  const std::int64_t dims[2] = {view.cols, view.rows};
  for (int i = 0; i < 2; ++i) {
    if (dims[i] <= 0 || static_cast<std::uint64_t>(dims[i]) >= kTmaDimLimit)
      return Status::errorf("tensor ", what, ": TMA dimension ", i, " is ",
                            dims[i], " (must be in [1, 2^32))");
    t.globalDim[i] = static_cast<std::uint64_t>(dims[i]);
  }
  if (view.rowStride < view.cols || view.rowStride > kMaxRowStride)
    return Status::errorf("tensor ", what, ": row stride ", view.rowStride,
                          " is invalid for ", view.cols, " columns");
  std::uint64_t strideBytes =
      static_cast<std::uint64_t>(view.rowStride) * elemBytes;
  if (strideBytes % 16 != 0)
    return Status::errorf("tensor ", what, ": row stride of ", strideBytes,
                          " bytes is not a multiple of 16 (TMA needs it)");
  if (strideBytes >= kTmaStrideLimit)
    return Status::errorf("tensor ", what, ": row stride of ", strideBytes,
                          " bytes is not below 2^40 (TMA limit)");
  t.globalStrides[0] = strideBytes;

  for (int i = 0; i < 2; ++i) {
    if (box[i] == 0 || box[i] > 256)
      return Status::errorf("tensor ", what, ": TMA box dimension ", i, " is ",
                            box[i], " (must be in [1, 256])");
    t.boxDim[i] = box[i];
  }
  std::uint64_t innerBytes = box[0] * elemBytes;
  if (innerBytes % 16 != 0)
    return Status::errorf("tensor ", what, ": inner box dimension ", box[0],
                          " is ", innerBytes, " bytes, not a multiple of 16");
  switch (swizzleBytes) {
  case 0:
    t.swizzle = TmaSwizzle::None;
    break;
  case 32:
    t.swizzle = TmaSwizzle::B32;
    break;
  case 64:
    t.swizzle = TmaSwizzle::B64;
    break;
  case 128:
    t.swizzle = TmaSwizzle::B128;
    break;
  default:
    return Status::errorf("tensor ", what, ": swizzle ", swizzleBytes,
                          " is not one of 0, 32, 64, 128");
  }
  if (swizzleBytes != 0 && innerBytes > swizzleBytes)
    return Status::errorf("tensor ", what, ": inner box dimension ", box[0],
                          " is ", innerBytes, " bytes, more than the ",
                          swizzleBytes, "-byte swizzle span");
  t.globalAddress = address;
  return t;
}

/// The group count of a launch, checked against the kernel's grouping.
static Expected<std::int64_t> resolveGroups(const Grouping &grouping,
                                            const GemmArgs &args) {
  if (!grouping.grouped()) {
    if (args.groups != 0)
      return Status::errorf("groups ", args.groups,
                            " was given but the kernel is not grouped");
    return std::int64_t(0);
  }
  const char *kind = groupingKindName(grouping.kind);
  if (args.groups < 1)
    return Status::errorf("groups must be at least 1 for ",
                          grouping.kGrouped() ? "a " : "an ", kind,
                          " kernel (got ", args.groups, ")");
  if (args.groups > kInt32Max)
    return Status::errorf("groups ", args.groups,
                          " is too large (at most 2^31 - 1)");
  if (grouping.kGrouped()) {
    // D stacks G blocks of M rows, and each tile lies in one group's K
    // range.
    if (args.m % grouping.mAlignment != 0)
      return Status::errorf(
          "m ", args.m, " must be a multiple of the kernel's tile M ",
          grouping.mAlignment, ": d stacks the groups' M rows");
    if (args.k % grouping.kAlignment != 0)
      return Status::errorf(
          "k ", args.k, " must be a multiple of the kernel's k_alignment ",
          grouping.kAlignment, ": it is the sum of the groups' K, each a ",
          "multiple of it");
    return args.groups;
  }
  if (args.m % grouping.mAlignment != 0)
    return Status::errorf(
        grouping.kind == GroupingKind::MMasked ? "max_m " : "m ", args.m,
        " must be a multiple of the kernel's tile M ", grouping.mAlignment,
        ": each group's rows are padded to it");
  return args.groups;
}

Expected<GemmShape> hopgemm::resolveShape(const KernelMeta &meta,
                                          const GemmArgs &args) {
  static const char *const names[] = {"m", "n", "k"};
  const std::int64_t given[3] = {args.m, args.n, args.k};
  std::int64_t dims[3];
  for (int i = 0; i < 3; ++i) {
    if (given[i] <= 0)
      return Status::errorf(names[i], " must be positive (got ", given[i], ")");
    if (given[i] > kInt32Max)
      return Status::errorf(names[i], " ", given[i],
                            " is too large (at most 2^31 - 1)");
    if (meta.shape[i] != -1 && meta.shape[i] != given[i])
      return Status::errorf(names[i], " ", given[i],
                            " does not match the kernel's static ", names[i],
                            " ", meta.shape[i]);
    dims[i] = given[i];
  }
  Expected<std::int64_t> groups = resolveGroups(meta.operands.grouping, args);
  if (!groups)
    return groups.error();
  return GemmShape{dims[0], dims[1], dims[2], *groups};
}

Status hopgemm::checkDevice(const KernelMeta &meta,
                            const DeviceLimits &device) {
  bool ok = meta.target == "sm_90a" ? device.ccMajor == 9 && device.ccMinor == 0
                                    : device.ccMajor >= 9;
  if (!ok)
    return Status::errorf("device ", device.ordinal, " is sm_", device.ccMajor,
                          device.ccMinor, " (", device.name, "), kernel needs ",
                          meta.target);
  if (meta.smemBytes > device.maxSmemPerBlockOptin)
    return Status::errorf("kernel needs ", meta.smemBytes,
                          " bytes of shared memory, device ", device.ordinal,
                          " (", device.name, ") allows at most ",
                          device.maxSmemPerBlockOptin);
  return Status::success();
}

Expected<std::int64_t> hopgemm::countTiles(const KernelMeta &meta,
                                           GemmShape shape) {
  std::int64_t tiles =
      ceilDiv(shape.m, meta.tile[0]) * ceilDiv(shape.n, meta.tile[1]);
  const GroupingKind grouping = meta.operands.grouping.kind;
  if (grouping != GroupingKind::MMasked &&
      grouping != GroupingKind::KContiguous)
    return tiles;
  // G, max_m / tile M and the N tiles are each below 2^31.
  std::int64_t total = 0;
  if (__builtin_mul_overflow(tiles, shape.groups, &total))
    return Status::errorf("grid of ", shape.groups, " groups x ", tiles,
                          " tiles does not fit in 64 bits");
  return total;
}

Expected<std::uint32_t> hopgemm::computeGridX(const KernelMeta &meta,
                                              std::int64_t tiles, int smCount,
                                              int maxActiveClusters) {
  std::int64_t cluster = meta.clusterSize();
  // tiles < 2^62 and split_k < 2^31: the product may not fit in 64 bits.
  std::int64_t ctas = 0;
  bool tooMany =
      __builtin_mul_overflow(tiles, meta.splitK, &ctas) || ctas > kInt32Max;
  std::int64_t x;
  if (meta.grid == GridKind::Tiles) {
    if (tooMany)
      return Status::errorf("grid of ", tiles, " tiles x split_k ", meta.splitK,
                            " is too large (at most 2^31 - 1 CTAs)");
    x = alignUp(ctas, cluster);
  } else {
    if (smCount <= 0)
      return Status::errorf("persistent grid needs the SM count (got ", smCount,
                            ")");
    std::int64_t resident = smCount / cluster;
    if (maxActiveClusters > 0)
      resident = std::min<std::int64_t>(resident, maxActiveClusters);
    x = resident * cluster;
    // Stream-K shares the K blocks of its last round out among every
    // resident CTA, however few the tiles.
    if (meta.grid == GridKind::Persistent)
      x = std::min<std::int64_t>(x, tooMany ? kInt32Max : ctas) / cluster *
          cluster;
    x = std::max(x, cluster);
  }
  if (x > kInt32Max)
    return Status::errorf("grid of ", x,
                          " CTAs is too large (at most 2^31 - 1)");
  return static_cast<std::uint32_t>(x);
}

Expected<WorkspaceLayout> hopgemm::workspaceLayout(const ParamSpec &param,
                                                   std::int64_t tiles,
                                                   std::int64_t ctas) {
  constexpr std::uint64_t align = WorkspaceLayout::kPartialAlignment;
  const auto n = static_cast<std::uint64_t>(tiles);
  const auto numCtas = static_cast<std::uint64_t>(ctas);
  const auto counterPerTile =
      static_cast<std::uint64_t>(param.counterBytesPerTile);
  const auto partialPerTile =
      static_cast<std::uint64_t>(param.partialBytesPerTile);
  const auto partialPerCta =
      static_cast<std::uint64_t>(param.partialBytesPerCta);
  WorkspaceLayout w;
  std::uint64_t partialBytes = 0, tileEnd = 0, ctaPartialBytes = 0;
  bool overflow =
      __builtin_mul_overflow(n, counterPerTile, &w.counterBytes) ||
      __builtin_add_overflow(w.counterBytes, align - 1, &w.partialOffset);
  w.partialOffset -= w.partialOffset % align;
  overflow = overflow ||
             __builtin_mul_overflow(n, partialPerTile, &partialBytes) ||
             __builtin_add_overflow(w.partialOffset, partialBytes, &tileEnd) ||
             __builtin_mul_overflow(numCtas, partialPerCta, &ctaPartialBytes) ||
             __builtin_add_overflow(tileEnd, ctaPartialBytes, &w.bytes);
  if (overflow && partialPerCta != 0)
    return Status::errorf("workspace of ", tiles, " tiles x (", counterPerTile,
                          " + ", partialPerTile, ") bytes + ", ctas, " CTAs x ",
                          partialPerCta, " bytes does not fit in 64 bits");
  if (overflow)
    return Status::errorf("workspace of ", tiles, " tiles x (", counterPerTile,
                          " + ", partialPerTile,
                          ") bytes does not fit in 64 bits");
  return w;
}

Status hopgemm::checkTensors(const GemmSpec &spec, GemmShape shape,
                             const GemmArgs &args, const bool *pointerPassed,
                             TensorView views[kNumTensors]) {
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    const char *name = tensorName(id);
    const TensorArg &arg = args.tensor(id);
    if (!spec.hasTensor(id)) {
      if (arg.ptr != 0)
        return Status::errorf("tensor ", name,
                              " was given but the kernel does not use it (",
                              spec.whyNoTensor(id), ")");
      continue;
    }
    if (arg.ptr == 0)
      return Status::errorf("tensor ", name,
                            " is required but its pointer is null");
    // Index tensors are read element by element, never through TMA.
    const std::uint64_t alignment = id == TensorId::MIndices ||
                                            id == TensorId::MaskedM ||
                                            id == TensorId::KSizes
                                        ? 4
                                        : 16;
    if (arg.ptr % alignment != 0)
      return Status::errorf("tensor ", name, " pointer ", hexStr(arg.ptr),
                            " is not ", alignment, "-byte aligned");

    TensorView view = defaultView(spec, id, shape);
    if ((arg.rows != 0 || arg.cols != 0) &&
        (arg.rows != view.rows || arg.cols != view.cols))
      return Status::errorf("tensor ", name, " has shape [", arg.rows, ", ",
                            arg.cols, "] but the kernel expects [", view.rows,
                            ", ", view.cols, "] for m ", shape.m, ", n ",
                            shape.n, ", k ", shape.k);
    if (arg.ld != 0) {
      if (arg.ld < view.cols)
        return Status::errorf("tensor ", name, " row stride ", arg.ld,
                              " is smaller than its ", view.cols, " columns");
      if (arg.ld > kMaxRowStride)
        return Status::errorf("tensor ", name, " row stride ", arg.ld,
                              " is too large (at most 2^40)");
      if (pointerPassed && pointerPassed[i] && arg.ld != view.rowStride)
        return Status::errorf("tensor ", name,
                              " is passed to the kernel as a plain pointer, "
                              "so its row stride must be the default ",
                              view.rowStride, " (got ", arg.ld, ")");
      view.rowStride = arg.ld;
    }
    // Grouped views have up to 2^62 rows.
    std::optional<std::uint64_t> extent = view.extentBytes();
    if (!extent)
      return Status::errorf("tensor ", name, " of ", view.rows, " rows x ",
                            view.rowStride,
                            " elements does not fit in 64 bits");
    const std::uint64_t bytes = *extent;
    if (arg.bytes != 0 && bytes > arg.bytes)
      return Status::errorf("tensor ", name, " needs ", bytes,
                            " bytes but its buffer has ", arg.bytes);
    if (arg.ptr + bytes < arg.ptr)
      return Status::errorf("tensor ", name, " at ", hexStr(arg.ptr), " with ",
                            bytes, " bytes wraps around the address space");
    views[i] = view;
  }
  return Status::success();
}

Expected<LaunchPlan> hopgemm::planLaunch(const KernelMeta &meta,
                                         const GemmArgs &args,
                                         const DeviceLimits &device) {
  Expected<GemmShape> shape = resolveShape(meta, args);
  if (!shape)
    return shape.error();
  HOPGEMM_RETURN_IF_ERROR(checkDevice(meta, device));

  LaunchPlan plan;
  bool pointerPassed[kNumTensors] = {};
  for (const ParamSpec &p : meta.params)
    if (p.kind == ParamKind::Pointer)
      pointerPassed[static_cast<int>(p.tensor)] = true;
  HOPGEMM_RETURN_IF_ERROR(
      checkTensors(meta.operands, *shape, args, pointerPassed, plan.views));

  Expected<std::int64_t> tiles = countTiles(meta, *shape);
  if (!tiles)
    return tiles.error();
  plan.tiles = *tiles;
  Expected<std::uint32_t> gridX =
      computeGridX(meta, plan.tiles, device.smCount, device.maxActiveClusters);
  if (!gridX)
    return gridX.error();
  plan.grid[0] = *gridX;
  if (const ParamSpec *workspace = meta.workspaceParam()) {
    Expected<WorkspaceLayout> layout =
        workspaceLayout(*workspace, plan.tiles, plan.grid[0]);
    if (!layout)
      return layout.error();
    plan.workspace = *layout;
  }
  for (int i = 0; i < 3; ++i)
    plan.block[i] = meta.block[i];
  plan.clusterDim[0] = static_cast<std::uint32_t>(meta.clusterSize());
  plan.needsNonPortableCluster = meta.clusterSize() > 8;
  plan.smemBytes = static_cast<std::uint32_t>(meta.smemBytes);
  plan.needsSmemOptIn = meta.smemBytes > 48 * 1024;

  for (const ParamSpec &p : meta.params) {
    PlannedParam out;
    out.kind = p.kind;
    out.tensor = p.tensor;
    out.pass = p.pass;
    switch (p.kind) {
    case ParamKind::I32: {
      const std::int64_t values[] = {shape->m, shape->n, shape->k,
                                     shape->groups};
      out.i32 = static_cast<std::int32_t>(values[static_cast<int>(p.value)]);
      break;
    }
    case ParamKind::Pointer:
      out.pointer = args.tensor(p.tensor).ptr;
      break;
    case ParamKind::Workspace:
      break;
    case ParamKind::TensorMap: {
      Expected<TmaDescArgs> tma = makeTmaDescArgs(
          tensorName(p.tensor), plan.views[static_cast<int>(p.tensor)],
          args.tensor(p.tensor).ptr, p.box, p.swizzle);
      if (!tma)
        return tma.error();
      out.tma = *tma;
      break;
    }
    }
    plan.params.push_back(out);
  }
  return plan;
}
