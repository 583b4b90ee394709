//===- LaunchPlanTest.cpp - tests of launch validation and sizing --------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/LaunchPlan.h"
#include "TestData.h"
#include "TestHarness.h"

using namespace hopgemm;
using namespace hopgemm::test;

static constexpr std::int64_t kInt32Max = 2147483647;

static KernelMeta example(const std::string &text = kExampleMeta) {
  Expected<KernelMeta> meta = KernelMeta::parse(text);
  if (!meta) {
    reportFailure(__FILE__, __LINE__, "example metadata: " + meta.message());
    return KernelMeta();
  }
  return *meta;
}

TEST(views_follow_the_layout_contract) {
  KernelMeta meta = example();
  GemmShape s{1000, 7168, 2048};
  TensorView a = defaultView(meta.operands, TensorId::A, s);
  CHECK_EQ(a.rows, std::int64_t(1000));
  CHECK_EQ(a.cols, std::int64_t(2048));
  CHECK_EQ(a.rowStride, std::int64_t(2048));
  // 1x128 scales of a: MN-major, rows padded to 4 floats for TMA.
  TensorView sa =
      defaultView(meta.operands, TensorId::SA, GemmShape{127, 7168, 2049});
  CHECK_EQ(sa.rows, std::int64_t(17));
  CHECK_EQ(sa.cols, std::int64_t(127));
  CHECK_EQ(sa.rowStride, std::int64_t(128));
  CHECK(sa.dtype == DType::F32);
  // 128x128 scales of b: row-major and dense.
  TensorView sb =
      defaultView(meta.operands, TensorId::SB, GemmShape{1, 7168, 2049});
  CHECK_EQ(sb.rows, std::int64_t(56));
  CHECK_EQ(sb.cols, std::int64_t(17));
  CHECK_EQ(sb.rowStride, std::int64_t(17));
  TensorView d = defaultView(meta.operands, TensorId::D, s);
  CHECK_EQ(d.rows, std::int64_t(1000));
  CHECK_EQ(d.cols, std::int64_t(7168));
  CHECK(d.dtype == DType::BF16);

  GemmSpec spec = meta.operands;
  spec.a.major = Major::M;
  spec.a.scale = ScaleKind::Row;
  spec.b.scale = ScaleKind::Tensor;
  spec.d.major = Major::M;
  TensorView am = defaultView(spec, TensorId::A, s);
  CHECK_EQ(am.rows, std::int64_t(2048));
  CHECK_EQ(am.cols, std::int64_t(1000));
  TensorView row = defaultView(spec, TensorId::SA, GemmShape{13, 8, 8});
  CHECK_EQ(row.rows, std::int64_t(1));
  CHECK_EQ(row.cols, std::int64_t(13));
  CHECK_EQ(row.rowStride, std::int64_t(16));
  TensorView tensor = defaultView(spec, TensorId::SB, s);
  CHECK_EQ(tensor.rows * tensor.cols, std::int64_t(1));
  TensorView dm = defaultView(spec, TensorId::D, s);
  CHECK_EQ(dm.rows, std::int64_t(7168));
  CHECK_EQ(dm.cols, std::int64_t(1000));
}

TEST(scale_access_covers_every_kind) {
  OperandSpec op;
  op.scale = ScaleKind::Block;
  op.scaleBlock[0] = 1;
  op.scaleBlock[1] = 128;
  TensorView v;
  v.rowStride = 132;
  ScaleAccess s = scaleAccess(op, v);
  // Element (r, k) -> scale[(k / 128) * 132 + r].
  CHECK_EQ(s.blockRows, std::int64_t(1));
  CHECK_EQ(s.blockCols, std::int64_t(128));
  CHECK_EQ(s.rowStride, std::int64_t(1));
  CHECK_EQ(s.kStride, std::int64_t(132));
  op.scaleBlock[0] = 128;
  v.rowStride = 16;
  s = scaleAccess(op, v);
  CHECK_EQ(s.rowStride, std::int64_t(16));
  CHECK_EQ(s.kStride, std::int64_t(1));
  op.scale = ScaleKind::Row;
  s = scaleAccess(op, v);
  CHECK_EQ(s.rowStride, std::int64_t(1));
  CHECK_EQ(s.kStride, std::int64_t(0));
  op.scale = ScaleKind::Tensor;
  s = scaleAccess(op, v);
  CHECK_EQ(s.rowStride + s.kStride, std::int64_t(0));
}

TEST(plan_of_the_example) {
  KernelMeta meta = example();
  GemmArgs args = exampleArgs(1000);
  Expected<LaunchPlan> plan = planLaunch(meta, args, h100());
  CHECK_OK(plan);
  if (!plan)
    return;
  // ceil(1000 / 128) * (7168 / 128) tiles, one CTA each.
  CHECK_EQ(plan->tiles, std::int64_t(8 * 56));
  CHECK_EQ(plan->grid[0], 448u);
  CHECK_EQ(plan->grid[1], 1u);
  CHECK_EQ(plan->block[0], 384u);
  CHECK_EQ(plan->clusterDim[0], 1u);
  CHECK_EQ(plan->smemBytes, 205824u);
  CHECK(plan->needsSmemOptIn);
  CHECK(!plan->needsNonPortableCluster);
  CHECK_EQ(plan->params.size(), size_t(6));

  const TmaDescArgs &a = plan->params[0].tma;
  CHECK(a.dataType == TmaDataType::UInt8);
  CHECK_EQ(a.rank, 2u);
  CHECK_EQ(a.globalAddress, args.a.ptr);
  CHECK_EQ(a.globalDim[0], std::uint64_t(2048));
  CHECK_EQ(a.globalDim[1], std::uint64_t(1000));
  CHECK_EQ(a.globalStrides[0], std::uint64_t(2048));
  CHECK_EQ(a.boxDim[0], 128u);
  CHECK_EQ(a.boxDim[1], 128u);
  CHECK_EQ(a.elementStrides[0], 1u);
  CHECK(a.swizzle == TmaSwizzle::B128);
  CHECK(a.interleave == TmaInterleave::None);
  CHECK(a.l2Promotion == TmaL2Promotion::L2_256B);
  CHECK(a.oobFill == TmaOobFill::None);

  const TmaDescArgs &b = plan->params[1].tma;
  CHECK_EQ(b.globalDim[0], std::uint64_t(2048));
  CHECK_EQ(b.globalDim[1], std::uint64_t(7168));

  // sa: (ceil(K / 128), M) f32 with rows of align_up(1000, 4) floats.
  const TmaDescArgs &sa = plan->params[2].tma;
  CHECK(sa.dataType == TmaDataType::Float32);
  CHECK_EQ(sa.globalDim[0], std::uint64_t(1000));
  CHECK_EQ(sa.globalDim[1], std::uint64_t(16));
  CHECK_EQ(sa.globalStrides[0], std::uint64_t(4000));
  CHECK_EQ(sa.boxDim[0], 128u);
  CHECK_EQ(sa.boxDim[1], 1u);
  CHECK(sa.swizzle == TmaSwizzle::None);
  CHECK(plan->params[2].pass == TensorMapPass::Global);

  CHECK(plan->params[3].kind == ParamKind::Pointer);
  CHECK_EQ(plan->params[3].pointer, args.sb.ptr);
  CHECK_EQ(plan->params[4].pointer, args.d.ptr);
  CHECK(plan->params[5].kind == ParamKind::I32);
  CHECK_EQ(plan->params[5].i32, 1000);
}

TEST(byte_scale_views_follow_the_layout_contract) {
  KernelMeta meta = example(byteScales());
  // 1x128 byte scales of a: MN-major, rows padded to 16 bytes.
  TensorView sa =
      defaultView(meta.operands, TensorId::SA, GemmShape{100, 7168, 2049});
  CHECK(sa.dtype == DType::E8M0);
  CHECK_EQ(sa.rows, std::int64_t(17));
  CHECK_EQ(sa.cols, std::int64_t(100));
  CHECK_EQ(sa.rowStride, std::int64_t(112));
  CHECK_EQ(*sa.extentBytes(), std::uint64_t(16 * 112 + 100));
  // 128x128 byte scales of b: row-major and dense.
  TensorView sb =
      defaultView(meta.operands, TensorId::SB, GemmShape{1, 7168, 2049});
  CHECK(sb.dtype == DType::E8M0);
  CHECK_EQ(sb.rows, std::int64_t(56));
  CHECK_EQ(sb.cols, std::int64_t(17));
  CHECK_EQ(sb.rowStride, std::int64_t(17));
  // The element offsets are the f32 scales'.
  ScaleAccess access = scaleAccess(meta.operands.a, sa);
  CHECK_EQ(access.blockRows, std::int64_t(1));
  CHECK_EQ(access.blockCols, std::int64_t(128));
  CHECK_EQ(access.rowStride, std::int64_t(1));
  CHECK_EQ(access.kStride, std::int64_t(112));
  // Grouped: stacked like the f32 ones, with the byte row stride.
  KernelMeta masked = example(byteScales(groupedExample("m_masked")));
  const GemmShape m{136, 7168, 2049, 3};
  sa = defaultView(masked.operands, TensorId::SA, m);
  CHECK_EQ(sa.rows, std::int64_t(3 * 17));
  CHECK_EQ(sa.cols, std::int64_t(136));
  CHECK_EQ(sa.rowStride, std::int64_t(144));
  sb = defaultView(masked.operands, TensorId::SB, m);
  CHECK_EQ(sb.rows, std::int64_t(3 * 56));
  CHECK(sb.dtype == DType::E8M0);
  TensorView views[kNumTensors];
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::D, TensorId::SA, TensorId::SB})
    views[static_cast<int>(id)] = defaultView(masked.operands, id, m);
  GroupSlice slice = sliceGroup(masked.operands, m, views, {2, 272, 7});
  CHECK_EQ(slice.offsets[static_cast<int>(TensorId::SA)],
           std::int64_t(2 * 17 * 144));
  CHECK_EQ(slice.offsets[static_cast<int>(TensorId::SB)],
           std::int64_t(2 * 56 * 17));
  CHECK(slice.views[static_cast<int>(TensorId::SA)].dtype == DType::E8M0);
  CHECK_EQ(slice.views[static_cast<int>(TensorId::SA)].rowStride,
           std::int64_t(144));
}

TEST(plan_byte_scales) {
  KernelMeta meta = example(byteScales());
  GemmArgs args = exampleArgs(1000);
  Expected<LaunchPlan> plan = planLaunch(meta, args, h100());
  CHECK_OK(plan);
  if (!plan)
    return;
  // sa: (ceil(K / 128), M) bytes with rows of align_up(1000, 16) bytes.
  const TmaDescArgs &sa = plan->params[2].tma;
  CHECK(sa.dataType == TmaDataType::UInt8);
  CHECK_EQ(sa.globalDim[0], std::uint64_t(1000));
  CHECK_EQ(sa.globalDim[1], std::uint64_t(16));
  CHECK_EQ(sa.globalStrides[0], std::uint64_t(1008));
  CHECK_EQ(sa.boxDim[0], 128u);
  CHECK_EQ(sa.boxDim[1], 1u);
  CHECK_EQ(plan->params[3].pointer, args.sb.ptr);
  // M = 1: one byte per row, padded to 16.
  plan = planLaunch(meta, exampleArgs(1), h100());
  CHECK_OK(plan);
  if (plan)
    CHECK_EQ(plan->params[2].tma.globalStrides[0], std::uint64_t(16));

  // TMA still needs 16-byte aligned rows and addresses.
  args.sa.ld = 1004;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sa: row stride of 1004 bytes is not a multiple of 16 "
              "(TMA needs it)");
  args.sa.ld = 1024;
  CHECK_OK(planLaunch(meta, args, h100()));
  args = exampleArgs(1000);
  args.sa.ptr += 4;
  CHECK_ERROR(planLaunch(meta, args, h100()), "is not 16-byte aligned");
  // Sizes are in bytes: 15 rows of 1008 and one of 1000.
  args = exampleArgs(1000);
  args.sa.bytes = 16119;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sa needs 16120 bytes but its buffer has 16119");
  args.sa.bytes = 16120;
  // sb: 56 x 16 bytes.
  args.sb.bytes = 895;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sb needs 896 bytes but its buffer has 895");
  args.sb.ld = 18;
  args.sb.bytes = 0;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sb is passed to the kernel as a plain pointer, so its "
              "row stride must be the default 16 (got 18)");
}

TEST(plan_m_1_pads_scale_rows) {
  Expected<LaunchPlan> plan = planLaunch(example(), exampleArgs(1), h100());
  CHECK_OK(plan);
  if (!plan)
    return;
  CHECK_EQ(plan->grid[0], 56u);
  // One float per row padded to 16 bytes.
  CHECK_EQ(plan->params[2].tma.globalStrides[0], std::uint64_t(16));
  CHECK_EQ(plan->params[2].tma.globalDim[0], std::uint64_t(1));
}

TEST(grid_tiles_and_persistent) {
  KernelMeta meta = example();
  meta.cluster[0] = 2;
  meta.cluster[1] = 1;
  // Tiles: rounded up to whole clusters.
  CHECK_EQ(*computeGridX(meta, 7, 132), 8u);
  CHECK_EQ(*computeGridX(meta, 8, 132), 8u);
  meta.grid = GridKind::Persistent;
  // Persistent: min(SMs, tiles), rounded down to whole clusters...
  CHECK_EQ(*computeGridX(meta, 1000, 132), 132u);
  CHECK_EQ(*computeGridX(meta, 1000, 133), 132u);
  CHECK_EQ(*computeGridX(meta, 7, 132), 6u);
  // ...and at most the clusters that fit at once...
  CHECK_EQ(*computeGridX(meta, 1000, 132, 60), 120u);
  CHECK_EQ(*computeGridX(meta, 100, 132, 60), 100u);
  CHECK_EQ(*computeGridX(meta, 1000, 132, 70), 132u);
  // ...but at least one cluster.
  CHECK_EQ(*computeGridX(meta, 1, 132), 2u);
  meta.cluster[0] = 1;
  CHECK_EQ(*computeGridX(meta, 1, 132), 1u);
  CHECK_EQ(*computeGridX(meta, 100, 132), 100u);
  CHECK_ERROR(computeGridX(meta, 100, 0), "persistent grid needs the SM count");
  meta.grid = GridKind::Tiles;
  CHECK_ERROR(computeGridX(meta, std::int64_t(1) << 32, 132),
              "grid of 4294967296 tiles x split_k 1 is too large (at most "
              "2^31 - 1 CTAs)");
  meta.cluster[0] = 16;
  CHECK_ERROR(computeGridX(meta, (std::int64_t(1) << 31) - 1, 132),
              "grid of 2147483648 CTAs is too large");
}

TEST(grid_split_k) {
  KernelMeta meta = example();
  meta.splitK = 3;
  meta.cluster[0] = 2;
  // Tiles: split_k CTAs per tile, rounded up to whole clusters.
  CHECK_EQ(*computeGridX(meta, 7, 132), 22u);
  meta.grid = GridKind::Persistent;
  // Persistent: min(SMs, tiles * split_k).
  CHECK_EQ(*computeGridX(meta, 40, 132), 120u);
  CHECK_EQ(*computeGridX(meta, 45, 132), 132u);
  // tiles * split_k beyond 64 bits still gives one CTA per SM...
  meta.splitK = kInt32Max;
  CHECK_EQ(*computeGridX(meta, std::int64_t(1) << 61, 132), 132u);
  // ...and is too large for a grid of tiles.
  meta.grid = GridKind::Tiles;
  CHECK_ERROR(computeGridX(meta, std::int64_t(1) << 61, 132),
              "grid of 2305843009213693952 tiles x split_k 2147483647 is too "
              "large (at most 2^31 - 1 CTAs)");
  meta.splitK = 2;
  CHECK_ERROR(computeGridX(meta, std::int64_t(1) << 30, 132),
              "grid of 1073741824 tiles x split_k 2 is too large");
}

TEST(grid_stream_k) {
  KernelMeta meta = example(streamKExample());
  CHECK(meta.grid == GridKind::StreamK);
  // One CTA per SM, however few the tiles...
  CHECK_EQ(*computeGridX(meta, 8, 132), 132u);
  CHECK_EQ(*computeGridX(meta, 1, 132), 132u);
  CHECK_EQ(*computeGridX(meta, 1000, 132), 132u);
  CHECK_EQ(*computeGridX(meta, std::int64_t(1) << 61, 132), 132u);
  // ...whatever split_k says...
  meta.splitK = 3;
  CHECK_EQ(*computeGridX(meta, 8, 132), 132u);
  meta.splitK = 1;
  // ...in whole clusters, at most those that fit at once...
  meta.cluster[0] = 2;
  CHECK_EQ(*computeGridX(meta, 8, 132), 132u);
  CHECK_EQ(*computeGridX(meta, 8, 133), 132u);
  CHECK_EQ(*computeGridX(meta, 8, 132, 60), 120u);
  CHECK_EQ(*computeGridX(meta, 1000, 132, 60), 120u);
  CHECK_EQ(*computeGridX(meta, 8, 132, 70), 132u);
  // ...but at least one cluster.
  CHECK_EQ(*computeGridX(meta, 8, 1), 2u);
  CHECK_ERROR(computeGridX(meta, 8, 0),
              "persistent grid needs the SM count (got 0)");
  CHECK_ERROR(computeGridX(meta, 8, -1),
              "persistent grid needs the SM count (got -1)");
}

TEST(workspace_layout) {
  ParamSpec p;
  p.kind = ParamKind::Workspace;
  p.counterBytesPerTile = 4;
  p.partialBytesPerTile = 131072;
  Expected<WorkspaceLayout> w = workspaceLayout(p, 1, 132);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->counterBytes, std::uint64_t(4));
    CHECK_EQ(w->partialOffset, std::uint64_t(256));
    CHECK_EQ(w->bytes, std::uint64_t(256 + 131072));
  }
  // 64 counters fill 256 bytes exactly; one more starts another 256.
  w = workspaceLayout(p, 64, 132);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->partialOffset, std::uint64_t(256));
    CHECK_EQ(w->bytes, std::uint64_t(256 + 64 * 131072));
  }
  w = workspaceLayout(p, 65, 132);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->counterBytes, std::uint64_t(260));
    CHECK_EQ(w->partialOffset, std::uint64_t(512));
    CHECK_EQ(w->bytes, std::uint64_t(512 + 65 * 131072));
  }
  p.counterBytesPerTile = 3;
  p.partialBytesPerTile = 1;
  w = workspaceLayout(p, 100, 132);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->counterBytes, std::uint64_t(300));
    CHECK_EQ(w->bytes, std::uint64_t(512 + 100));
  }
}

TEST(workspace_layout_per_cta) {
  // Stream-K: counters per tile, partials per CTA right after them.
  ParamSpec p;
  p.kind = ParamKind::Workspace;
  p.counterBytesPerTile = 4;
  p.partialBytesPerTile = 0;
  p.partialBytesPerCta = 262144;
  static_assert(WorkspaceLayout::kPartialAlignment == 256);
  Expected<WorkspaceLayout> w = workspaceLayout(p, 10, 132);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->counterBytes, std::uint64_t(40));
    CHECK_EQ(w->partialOffset, std::uint64_t(256));
    CHECK_EQ(w->bytes, std::uint64_t(256 + 132 * 262144));
  }
  // The CTAs, not the tiles, size the partials.
  w = workspaceLayout(p, 100, 8);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->partialOffset, std::uint64_t(512));
    CHECK_EQ(w->bytes, std::uint64_t(512 + 8 * 262144));
  }
  // Both kinds of partials: the per-CTA ones after the per-tile ones.
  p.partialBytesPerTile = 1024;
  w = workspaceLayout(p, 10, 132);
  CHECK_OK(w);
  if (w) {
    CHECK_EQ(w->partialOffset, std::uint64_t(256));
    CHECK_EQ(w->bytes, std::uint64_t(256 + 10 * 1024 + 132 * 262144));
  }
  // Without per-CTA partials the grid does not matter.
  p.partialBytesPerCta = 0;
  w = workspaceLayout(p, 10, 1 << 30);
  CHECK_OK(w);
  if (w)
    CHECK_EQ(w->bytes, std::uint64_t(256 + 10 * 1024));
}

TEST(workspace_layout_per_cta_overflow) {
  ParamSpec p;
  p.kind = ParamKind::Workspace;
  p.counterBytesPerTile = 4;
  p.partialBytesPerTile = 0;
  p.partialBytesPerCta = 262144;
  // The counters fill 2^64 - 256 bytes, already aligned; the CTAs' partials
  // do not fit after them.
  CHECK_ERROR(workspaceLayout(p, (std::int64_t(1) << 62) - 64, 132),
              "workspace of 4611686018427387840 tiles x (4 + 0) bytes + 132 "
              "CTAs x 262144 bytes does not fit in 64 bits");
  // The counters and per-tile partials fit, the CTAs' do not.
  p.partialBytesPerTile = kInt32Max;
  CHECK_ERROR(
      workspaceLayout(p, (std::int64_t(1) << 33) - (1 << 18), kInt32Max),
      "workspace of 8589672448 tiles x (4 + 2147483647) bytes + "
      "2147483647 CTAs x 262144 bytes does not fit in 64 bits");
  // Overflow before the CTAs' term still names it.
  CHECK_ERROR(workspaceLayout(p, std::int64_t(1) << 34, 1),
              "+ 1 CTAs x 262144 bytes does not fit in 64 bits");
}

TEST(workspace_layout_overflow) {
  ParamSpec p;
  p.kind = ParamKind::Workspace;
  p.counterBytesPerTile = 4;
  p.partialBytesPerTile = 1;
  // The counters alone: 2^62 * 4 bytes.
  CHECK_ERROR(workspaceLayout(p, std::int64_t(1) << 62, 132),
              "workspace of 4611686018427387904 tiles x (4 + 1) bytes "
              "does not fit in 64 bits");
  // The counters fit (2^64 - 4 bytes) but not their padding.
  CHECK_ERROR(workspaceLayout(p, (std::int64_t(1) << 62) - 1, 132),
              "does not fit in 64 bits");
  // The partials alone.
  p.partialBytesPerTile = kInt32Max;
  CHECK_ERROR(workspaceLayout(p, std::int64_t(1) << 34, 132),
              "does not fit in 64 bits");
  // The partials fit (2^64 - 4 bytes), with the counters they do not.
  CHECK_ERROR(workspaceLayout(p, (std::int64_t(1) << 33) + 4, 132),
              "does not fit in 64 bits");
}

TEST(plan_split_k_workspace) {
  KernelMeta meta = example(splitKExample());
  GemmArgs args = exampleArgs(1000);
  Expected<LaunchPlan> plan = planLaunch(meta, args, h100());
  CHECK_OK(plan);
  if (!plan)
    return;
  // 8 * 56 tiles, two CTAs each; counters only for the tiles.
  CHECK_EQ(plan->tiles, std::int64_t(448));
  CHECK_EQ(plan->grid[0], 896u);
  CHECK_EQ(plan->workspace.counterBytes, std::uint64_t(448 * 4));
  CHECK_EQ(plan->workspace.partialOffset, std::uint64_t(1792));
  CHECK_EQ(plan->workspace.bytes, std::uint64_t(1792 + 448 * 131072));
  CHECK_EQ(plan->params.size(), size_t(7));
  CHECK(plan->params[5].kind == ParamKind::Workspace);
  CHECK_EQ(plan->params[4].pointer, args.d.ptr);
  CHECK_EQ(plan->params[6].i32, 1000);
  // The workspace follows M.
  plan = planLaunch(meta, exampleArgs(1), h100());
  CHECK_OK(plan);
  if (plan)
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(256 + 56 * 131072));
  // A kernel without one needs none.
  plan = planLaunch(example(), args, h100());
  CHECK_OK(plan);
  if (plan)
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(0));
}

TEST(plan_split_k_persistent_and_overflow) {
  KernelMeta meta = example(splitKExample("3"));
  meta.grid = GridKind::Persistent;
  Expected<LaunchPlan> plan = planLaunch(meta, exampleArgs(128), h100());
  CHECK_OK(plan);
  if (plan) // 56 tiles x 3 CTAs on 132 SMs.
    CHECK_EQ(plan->grid[0], 132u);
  meta.splitK = 2;
  plan = planLaunch(meta, exampleArgs(128), h100());
  CHECK_OK(plan);
  if (plan)
    CHECK_EQ(plan->grid[0], 112u);
  // 2^31 - 1 rows of one-row tiles, 2^31 - 1 partial bytes each.
  meta = example(
      splitKExample("2", R"({"kind": "workspace", "counter_bytes_per_tile": 4,
               "partial_bytes_per_tile": 2147483647})"));
  meta.grid = GridKind::Persistent;
  meta.tile[0] = 1;
  CHECK_ERROR(planLaunch(meta, exampleArgs(kInt32Max), h100()),
              "workspace of 120259084232 tiles x (4 + 2147483647) "
              "bytes does not fit in 64 bits");
}

TEST(plan_stream_k_workspace) {
  KernelMeta meta = example(streamKExample());
  GemmArgs args = exampleArgs(128);
  Expected<LaunchPlan> plan = planLaunch(meta, args, h100());
  CHECK_OK(plan);
  if (!plan)
    return;
  // 56 tiles on 132 CTAs: counters for the tiles, partials for the CTAs.
  CHECK_EQ(plan->tiles, std::int64_t(56));
  CHECK_EQ(plan->grid[0], 132u);
  CHECK_EQ(plan->workspace.counterBytes, std::uint64_t(56 * 4));
  CHECK_EQ(plan->workspace.partialOffset, std::uint64_t(256));
  CHECK_EQ(plan->workspace.bytes, std::uint64_t(256 + 132 * 131072));
  CHECK_EQ(plan->params.size(), size_t(7));
  CHECK(plan->params[5].kind == ParamKind::Workspace);
  CHECK_EQ(plan->params[6].i32, 128);
  // More tiles than CTAs: the counters grow, the partials do not.
  plan = planLaunch(meta, exampleArgs(1000), h100());
  CHECK_OK(plan);
  if (plan) {
    CHECK_EQ(plan->tiles, std::int64_t(448));
    CHECK_EQ(plan->grid[0], 132u);
    CHECK_EQ(plan->workspace.partialOffset, std::uint64_t(1792));
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(1792 + 132 * 131072));
  }
  // Clusters of 2, 60 of which fit at once: 120 CTAs and their partials.
  meta.cluster[0] = 2;
  DeviceLimits device = h100();
  device.maxActiveClusters = 60;
  plan = planLaunch(meta, args, device);
  CHECK_OK(plan);
  if (plan) {
    CHECK_EQ(plan->grid[0], 120u);
    CHECK_EQ(plan->clusterDim[0], 2u);
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(256 + 120 * 131072));
  }
  device.smCount = 0;
  CHECK_ERROR(planLaunch(meta, args, device),
              "persistent grid needs the SM count (got 0)");
}

TEST(plan_cluster_launch) {
  KernelMeta meta =
      example(exampleWith(R"("cluster": [1, 1])", R"("cluster": [2, 1])"));
  Expected<LaunchPlan> plan = planLaunch(meta, exampleArgs(1000), h100());
  CHECK_OK(plan);
  if (!plan)
    return;
  CHECK_EQ(plan->clusterDim[0], 2u);
  CHECK_EQ(plan->clusterDim[1], 1u);
  CHECK_EQ(plan->grid[0] % 2, 0u);
  CHECK(!plan->needsNonPortableCluster);
  meta.cluster[0] = 4;
  meta.cluster[1] = 4;
  plan = planLaunch(meta, exampleArgs(1000), h100());
  CHECK_OK(plan);
  if (plan) {
    CHECK_EQ(plan->clusterDim[0], 16u);
    CHECK(plan->needsNonPortableCluster);
    CHECK_EQ(plan->grid[0], 448u);
  }
}

TEST(plan_rejects_bad_sizes) {
  KernelMeta meta = example();
  GemmArgs args = exampleArgs(0);
  CHECK_ERROR(planLaunch(meta, args, h100()), "m must be positive (got 0)");
  args.m = -5;
  CHECK_ERROR(planLaunch(meta, args, h100()), "m must be positive (got -5)");
  args.m = std::int64_t(1) << 31;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "m 2147483648 is too large (at most 2^31 - 1)");
  args = exampleArgs(128);
  args.n = 4096;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "n 4096 does not match the kernel's static n 7168");
  args = exampleArgs(128);
  args.k = 0;
  CHECK_ERROR(planLaunch(meta, args, h100()), "k must be positive (got 0)");
}

TEST(plan_rejects_bad_devices) {
  KernelMeta meta = example();
  DeviceLimits a100 = h100();
  a100.name = "NVIDIA A100-SXM4-80GB";
  a100.ccMajor = 8;
  CHECK_ERROR(planLaunch(meta, exampleArgs(128), a100),
              "device 0 is sm_80 (NVIDIA A100-SXM4-80GB), kernel needs sm_90a");
  DeviceLimits b200 = h100();
  b200.ordinal = 1;
  b200.name = "NVIDIA B200";
  b200.ccMajor = 10;
  CHECK_ERROR(planLaunch(meta, exampleArgs(128), b200),
              "device 1 is sm_100 (NVIDIA B200), kernel needs sm_90a");
  DeviceLimits small = h100();
  small.maxSmemPerBlockOptin = 101376;
  CHECK_ERROR(planLaunch(meta, exampleArgs(128), small),
              "kernel needs 205824 bytes of shared memory, device 0 (NVIDIA "
              "H100 80GB HBM3) allows at most 101376");
  // An sm_90 (not 90a) kernel runs on later devices too.
  meta.target = "sm_90";
  CHECK_OK(planLaunch(meta, exampleArgs(128), b200));
}

TEST(plan_rejects_bad_pointers) {
  KernelMeta meta = example();
  GemmArgs args = exampleArgs(128);
  args.sa.ptr = 0;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sa is required but its pointer is null");
  args = exampleArgs(128);
  args.b.ptr += 8;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor b pointer 0x10100000008 is not 16-byte aligned");
  args = exampleArgs(128);
  args.c.ptr = args.d.ptr;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor c was given but the kernel does not use it (no operand "
              "c)");
  args = exampleArgs(128);
  args.d.ptr = ~std::uint64_t(0) - 15;
  CHECK_ERROR(planLaunch(meta, args, h100()), "wraps around the address space");
}

TEST(plan_rejects_bad_strides_and_shapes) {
  KernelMeta meta = example();
  GemmArgs args = exampleArgs(128);
  args.a.ld = 2000;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor a row stride 2000 is smaller than its 2048 columns");
  args.a.ld = 2056;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor a: row stride of 2056 bytes is not a multiple of 16");
  args.a.ld = 2064;
  CHECK_OK(planLaunch(meta, args, h100()));
  args.a.ld = std::int64_t(1) << 41;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor a row stride 2199023255552 is too large");
  args.a.ld = std::int64_t(1) << 40;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor a: row stride of 1099511627776 bytes is not below 2^40");

  // Pointer-passed tensors cannot have another stride: nothing tells the
  // kernel about it.
  args = exampleArgs(128);
  args.sb.ld = 32;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sb is passed to the kernel as a plain pointer, so its "
              "row stride must be the default 16 (got 32)");
  args.sb.ld = 16;
  CHECK_OK(planLaunch(meta, args, h100()));

  // sa of a 1x128 kernel has padded rows; a stride that breaks TMA's 16-byte
  // rule is rejected.
  args = exampleArgs(127);
  args.sa.ld = 127;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sa: row stride of 508 bytes is not a multiple of 16");

  // Scale tensors of the wrong granularity: per-row scales where the kernel
  // wants 128x128 blocks.
  args = exampleArgs(128);
  args.sb.rows = 1;
  args.sb.cols = 7168;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sb has shape [1, 7168] but the kernel expects [56, 16] "
              "for m 128, n 7168, k 2048");
  args.sb.rows = 56;
  args.sb.cols = 16;
  CHECK_OK(planLaunch(meta, args, h100()));
  args = exampleArgs(128);
  args.sa.rows = 128;
  args.sa.cols = 16;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sa has shape [128, 16] but the kernel expects [16, 128]");

  // Buffers too small for their view.
  args = exampleArgs(128);
  args.d.bytes = 128 * 7168 * 2 - 2;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor d needs 1835008 bytes but its buffer has 1835006");
  args.d.bytes = 128 * 7168 * 2;
  CHECK_OK(planLaunch(meta, args, h100()));
}

TEST(tma_desc_args_checks) {
  std::uint32_t box[2] = {64, 64};
  TensorView v;
  v.rows = 100;
  v.cols = 64;
  v.rowStride = 64;
  v.dtype = DType::BF16;
  Expected<TmaDescArgs> t = makeTmaDescArgs("x", v, 0x1000, box, 128);
  CHECK_OK(t);
  if (t) {
    CHECK(t->dataType == TmaDataType::BFloat16);
    CHECK_EQ(t->globalDim[0], std::uint64_t(64));
    CHECK_EQ(t->globalDim[1], std::uint64_t(100));
    CHECK_EQ(t->globalStrides[0], std::uint64_t(128));
    CHECK(t->swizzle == TmaSwizzle::B128);
  }
  v.dtype = DType::F16;
  CHECK(makeTmaDescArgs("x", v, 0x1000, box, 128)->dataType ==
        TmaDataType::Float16);
  v.dtype = DType::F8E5M2;
  CHECK(makeTmaDescArgs("x", v, 0x1000, box, 64)->dataType ==
        TmaDataType::UInt8);
  CHECK(makeTmaDescArgs("x", v, 0x1000, box, 64)->swizzle == TmaSwizzle::B64);
  v.dtype = DType::BF16;

  CHECK_ERROR(makeTmaDescArgs("x", v, 0x1008, box, 128),
              "tensor x: address 0x1008 is not 16-byte aligned");
  TensorView wide = v;
  wide.cols = wide.rowStride = std::int64_t(1) << 32;
  CHECK_ERROR(makeTmaDescArgs("x", wide, 0x1000, box, 128),
              "tensor x: TMA dimension 0 is 4294967296 (must be in [1, 2^32))");
  TensorView odd = v;
  odd.rowStride = 68;
  CHECK_ERROR(makeTmaDescArgs("x", odd, 0x1000, box, 128),
              "row stride of 136 bytes is not a multiple of 16");
  std::uint32_t bigBox[2] = {64, 512};
  CHECK_ERROR(makeTmaDescArgs("x", v, 0x1000, bigBox, 128),
              "tensor x: TMA box dimension 1 is 512 (must be in [1, 256])");
  std::uint32_t zeroBox[2] = {0, 64};
  CHECK_ERROR(makeTmaDescArgs("x", v, 0x1000, zeroBox, 0),
              "TMA box dimension 0 is 0");
  std::uint32_t thinBox[2] = {4, 64};
  CHECK_ERROR(makeTmaDescArgs("x", v, 0x1000, thinBox, 0),
              "inner box dimension 4 is 8 bytes, not a multiple of 16");
  CHECK_ERROR(makeTmaDescArgs("x", v, 0x1000, box, 32),
              "inner box dimension 64 is 128 bytes, more than the 32-byte "
              "swizzle span");
  CHECK_ERROR(makeTmaDescArgs("x", v, 0x1000, box, 96),
              "swizzle 96 is not one of 0, 32, 64, 128");
  // Without swizzle the inner box may exceed 128 bytes.
  std::uint32_t longBox[2] = {256, 1};
  CHECK_OK(makeTmaDescArgs("x", v, 0x1000, longBox, 0));
}

TEST(gemm_spec_verify) {
  GemmSpec spec;
  spec.a.dtype = spec.b.dtype = DType::F8E4M3FN;
  spec.d.dtype = DType::BF16;
  spec.d.major = Major::N;
  CHECK_OK(spec.verify());
  spec.b.major = Major::M;
  CHECK_ERROR(spec.verify(),
              "operand b has major 'm_major' (expected k_major or n_major)");
  spec.b.major = Major::K;
  spec.b.scale = ScaleKind::Block;
  CHECK_ERROR(spec.verify(), "operand b has scale block [0, 0]");
  spec.b.scaleBlock[0] = spec.b.scaleBlock[1] = 128;
  spec.b.scaleDType = DType::E8M0;
  CHECK_OK(spec.verify());
  spec.b.scaleDType = DType::BF16;
  CHECK_ERROR(spec.verify(),
              "operand b has scale dtype bf16 (expected f32 or f8E8M0FNU)");
  spec.b.scale = ScaleKind::Tensor;
  spec.b.scaleDType = DType::E8M0;
  CHECK_ERROR(spec.verify(),
              "operand b has tensor scales of dtype f8E8M0FNU (f8E8M0FNU "
              "scales are supported for block scales only)");
  // No scale, no scale dtype to check.
  spec.b.scale = ScaleKind::None;
  CHECK_OK(spec.verify());
  spec.a.dtype = DType::E8M0;
  CHECK_ERROR(spec.verify(),
              "operand a has dtype f8E8M0FNU (only scales are f8E8M0FNU)");
}

TEST(grouped_views_follow_the_layout_contract) {
  KernelMeta contiguous = example(groupedExample("m_contiguous"));
  KernelMeta masked = example(groupedExample("m_masked"));
  auto view = [](const KernelMeta &meta, TensorId id, GemmShape s) {
    return defaultView(meta.operands, id, s);
  };
  // B is (G, N, K), SB (G, ceil(N / 128), ceil(K / 128)), for both layouts.
  const GemmShape c{384, 7168, 2049, 3};
  for (const KernelMeta *meta : {&contiguous, &masked}) {
    TensorView b = view(*meta, TensorId::B, c);
    CHECK_EQ(b.rows, std::int64_t(3 * 7168));
    CHECK_EQ(b.cols, std::int64_t(2049));
    TensorView sb = view(*meta, TensorId::SB, c);
    CHECK_EQ(sb.rows, std::int64_t(3 * 56));
    CHECK_EQ(sb.cols, std::int64_t(17));
    CHECK_EQ(sb.rowStride, std::int64_t(17));
  }
  // m_contiguous: M rows of a, d and m_indices; SA M-major as ungrouped.
  CHECK_EQ(view(contiguous, TensorId::A, c).rows, std::int64_t(384));
  CHECK_EQ(view(contiguous, TensorId::D, c).rows, std::int64_t(384));
  TensorView sa = view(contiguous, TensorId::SA, c);
  CHECK_EQ(sa.rows, std::int64_t(17));
  CHECK_EQ(sa.cols, std::int64_t(384));
  TensorView index = view(contiguous, TensorId::MIndices, c);
  CHECK_EQ(index.rows * index.cols, std::int64_t(384));
  CHECK(index.dtype == DType::I32);
  // m_masked: G blocks of max_m rows; SA's M-major blocks stacked.
  const GemmShape m{130, 7168, 2049, 3};
  CHECK_EQ(view(masked, TensorId::A, m).rows, std::int64_t(390));
  CHECK_EQ(view(masked, TensorId::D, m).rows, std::int64_t(390));
  sa = view(masked, TensorId::SA, m);
  CHECK_EQ(sa.rows, std::int64_t(3 * 17));
  CHECK_EQ(sa.cols, std::int64_t(130));
  CHECK_EQ(sa.rowStride, std::int64_t(132));
  index = view(masked, TensorId::MaskedM, m);
  CHECK_EQ(index.rows * index.cols, std::int64_t(3));
}

TEST(grouped_slices_offset_each_tensor) {
  KernelMeta masked = example(groupedExample("m_masked"));
  const GemmShape shape{130, 7168, 2049, 3};
  TensorView views[kNumTensors];
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::D, TensorId::SA, TensorId::SB})
    views[static_cast<int>(id)] = defaultView(masked.operands, id, shape);
  // Group 2's first 7 rows.
  GroupSlice s = sliceGroup(masked.operands, shape, views, {2, 260, 7});
  auto offset = [&](TensorId id) { return s.offsets[static_cast<int>(id)]; };
  CHECK(!s.spec.grouping.grouped());
  CHECK_EQ(s.shape.m, std::int64_t(7));
  CHECK_EQ(offset(TensorId::A), std::int64_t(260 * 2049));
  CHECK_EQ(offset(TensorId::D), std::int64_t(260 * 7168));
  CHECK_EQ(offset(TensorId::B), std::int64_t(2 * 7168 * 2049));
  CHECK_EQ(offset(TensorId::SB), std::int64_t(2 * 56 * 17));
  CHECK_EQ(offset(TensorId::SA), std::int64_t(2 * 17 * 132));
  TensorView sa = s.views[static_cast<int>(TensorId::SA)];
  CHECK_EQ(sa.cols, std::int64_t(7));
  CHECK_EQ(sa.rowStride, std::int64_t(132));
  // m_contiguous: a segment's scales are columns of the one M-major block.
  KernelMeta contiguous = example(groupedExample("m_contiguous"));
  const GemmShape c{384, 7168, 2049, 3};
  views[static_cast<int>(TensorId::SA)] =
      defaultView(contiguous.operands, TensorId::SA, c);
  s = sliceGroup(contiguous.operands, c, views, {1, 256, 100});
  CHECK_EQ(offset(TensorId::SA), std::int64_t(256));
  CHECK_EQ(offset(TensorId::B), std::int64_t(7168 * 2049));
}

TEST(plan_grouped_grids_and_params) {
  KernelMeta meta = example(groupedExample("m_contiguous"));
  GemmArgs args = groupedArgs("m_contiguous", 1024, 5);
  Expected<LaunchPlan> plan = planLaunch(meta, args, h100());
  CHECK_OK(plan);
  if (plan) {
    // ceil(M / 128) x ceil(N / 128), whatever G.
    CHECK_EQ(plan->tiles, std::int64_t(8 * 56));
    CHECK_EQ(plan->params[5].pointer, args.mIndices.ptr);
    CHECK_EQ(plan->params[6].i32, 1024);
    CHECK_EQ(plan->params[1].tma.globalDim[1], std::uint64_t(5 * 7168));
  }
  meta = example(groupedExample("m_masked"));
  args = groupedArgs("m_masked", 256, 3);
  plan = planLaunch(meta, args, h100());
  CHECK_OK(plan);
  if (plan) {
    // G x max_m / 128 x ceil(N / 128).
    CHECK_EQ(plan->tiles, std::int64_t(3 * 2 * 56));
    CHECK_EQ(plan->grid[0], std::uint32_t(3 * 2 * 56));
    CHECK_EQ(plan->params[5].pointer, args.maskedM.ptr);
    CHECK_EQ(plan->params[6].i32, 256);
    CHECK_EQ(plan->params[7].i32, 3);
    CHECK_EQ(plan->params[0].tma.globalDim[1], std::uint64_t(3 * 256));
    CHECK_EQ(plan->params[2].tma.globalDim[1], std::uint64_t(3 * 16));
  }
  // Persistent: min(SMs, tiles).
  meta.grid = GridKind::Persistent;
  plan = planLaunch(meta, args, h100());
  CHECK(plan && plan->grid[0] == 132u);
  // The masked tile count is checked for overflow.
  CHECK_ERROR(
      countTiles(meta, GemmShape{kInt32Max - 127, kInt32Max, 128, kInt32Max}),
      "grid of 2147483647 groups x 281474959933440 tiles does not "
      "fit in 64 bits");
}

TEST(plan_rejects_bad_groups) {
  const KernelMeta contiguous = example(groupedExample("m_contiguous"));
  const KernelMeta masked = example(groupedExample("m_masked"));
  GemmArgs args = groupedArgs("m_contiguous", 1024, 0);
  CHECK_ERROR(planLaunch(contiguous, args, h100()),
              "groups must be at least 1 for an m_contiguous kernel (got 0)");
  args.groups = std::int64_t(1) << 31;
  CHECK_ERROR(planLaunch(contiguous, args, h100()),
              "groups 2147483648 is too large (at most 2^31 - 1)");
  args = groupedArgs("m_contiguous", 1000, 4);
  CHECK_ERROR(planLaunch(contiguous, args, h100()),
              "m 1000 must be a multiple of the kernel's tile M 128: each "
              "group's rows are padded to it");
  args = groupedArgs("m_masked", 100, 4);
  CHECK_ERROR(planLaunch(masked, args, h100()),
              "max_m 100 must be a multiple of the kernel's tile M 128: each "
              "group's rows are padded to it");
  // The index tensor: present, aligned, large enough, the right one.
  args = groupedArgs("m_contiguous", 1024, 4);
  args.mIndices.ptr = 0;
  CHECK_ERROR(planLaunch(contiguous, args, h100()),
              "tensor m_indices is required but its pointer is null");
  args = groupedArgs("m_contiguous", 1024, 4);
  args.mIndices.bytes = 4 * 1023;
  CHECK_ERROR(planLaunch(contiguous, args, h100()),
              "tensor m_indices needs 4096 bytes but its buffer has 4092");
  args.mIndices.bytes = 4096;
  args.mIndices.ptr += 4; // 4-byte alignment is enough
  CHECK_OK(planLaunch(contiguous, args, h100()));
  args.mIndices.ptr += 2;
  CHECK_ERROR(planLaunch(contiguous, args, h100()),
              "tensor m_indices pointer 0x10500000006 is not 4-byte aligned");
  args = groupedArgs("m_masked", 256, 4);
  args.maskedM.bytes = 12;
  CHECK_ERROR(planLaunch(masked, args, h100()),
              "tensor masked_m needs 16 bytes but its buffer has 12");
  args = groupedArgs("m_masked", 256, 4);
  args.mIndices.ptr = args.maskedM.ptr;
  CHECK_ERROR(planLaunch(masked, args, h100()),
              "tensor m_indices was given but the kernel does not use it (the "
              "kernel is m_masked)");
  // Ungrouped kernels take neither.
  const KernelMeta plain = example();
  args = exampleArgs(128);
  args.groups = 4;
  CHECK_ERROR(planLaunch(plain, args, h100()),
              "groups 4 was given but the kernel is not grouped");
  args = groupedArgs("m_contiguous", 128, 0);
  CHECK_ERROR(planLaunch(plain, args, h100()),
              "tensor m_indices was given but the kernel does not use it (the "
              "kernel is not grouped)");
  // Sizes are 64-bit checked: G * N rows of B at a 2^40 stride.
  args = groupedArgs("m_masked", 128, kInt32Max);
  args.b.ld = std::int64_t(1) << 40;
  CHECK_ERROR(planLaunch(masked, args, h100()),
              "tensor b of 15393162781696 rows x 1099511627776 elements does "
              "not fit in 64 bits");
}

TEST(k_grouped_views_follow_the_layout_contract) {
  const KernelMeta meta = example(kGroupedExample(true));
  auto view = [&](TensorId id, GemmShape s) {
    return defaultView(meta.operands, id, s);
  };
  // A, B and their M-/N-major 1x128 scales as ungrouped; G stacked D and C.
  const GemmShape s{130, 4097, 1024, 3};
  TensorView a = view(TensorId::A, s);
  CHECK_EQ(a.rows, std::int64_t(130));
  CHECK_EQ(a.cols, std::int64_t(1024));
  TensorView b = view(TensorId::B, s);
  CHECK_EQ(b.rows, std::int64_t(4097));
  CHECK_EQ(b.cols, std::int64_t(1024));
  TensorView sa = view(TensorId::SA, s);
  CHECK_EQ(sa.rows, std::int64_t(8));
  CHECK_EQ(sa.cols, std::int64_t(130));
  CHECK_EQ(sa.rowStride, std::int64_t(132));
  TensorView sb = view(TensorId::SB, s);
  CHECK_EQ(sb.rows, std::int64_t(8));
  CHECK_EQ(sb.cols, std::int64_t(4097));
  CHECK_EQ(sb.rowStride, std::int64_t(4100));
  for (TensorId id : {TensorId::C, TensorId::D}) {
    TensorView out = view(id, s);
    CHECK_EQ(out.rows, std::int64_t(3 * 130));
    CHECK_EQ(out.cols, std::int64_t(4097));
    CHECK(out.dtype == DType::F32);
  }
  TensorView ks = view(TensorId::KSizes, s);
  CHECK_EQ(ks.rows, std::int64_t(1));
  CHECK_EQ(ks.cols, std::int64_t(3));
  CHECK(ks.dtype == DType::I32);
}

TEST(k_grouped_slices_offset_each_tensor) {
  const KernelMeta meta = example(kGroupedExample(true));
  const GemmShape shape{256, 4096, 1024, 3};
  TensorView views[kNumTensors];
  for (int i = 0; i < kNumTensors; ++i)
    if (meta.operands.hasTensor(static_cast<TensorId>(i)))
      views[i] = defaultView(meta.operands, static_cast<TensorId>(i), shape);
  // Group 1 owns K columns [384, 640).
  GroupSlice s = sliceGroup(meta.operands, shape, views, {1, 384, 256});
  auto offset = [&](TensorId id) { return s.offsets[static_cast<int>(id)]; };
  auto at = [&](TensorId id) { return s.views[static_cast<int>(id)]; };
  CHECK(!s.spec.grouping.grouped());
  CHECK(s.spec.c.has_value());
  CHECK_EQ(s.shape.m, std::int64_t(256));
  CHECK_EQ(s.shape.n, std::int64_t(4096));
  CHECK_EQ(s.shape.k, std::int64_t(256));
  CHECK_EQ(s.dRow, std::int64_t(256));
  // Columns of a and b, whole rows of blocks of their scales.
  CHECK_EQ(offset(TensorId::A), std::int64_t(384));
  CHECK_EQ(offset(TensorId::B), std::int64_t(384));
  CHECK_EQ(at(TensorId::A).cols, std::int64_t(256));
  CHECK_EQ(at(TensorId::A).rowStride, std::int64_t(1024));
  CHECK_EQ(at(TensorId::B).rows, std::int64_t(4096));
  CHECK_EQ(offset(TensorId::SA), std::int64_t(3 * 256));
  CHECK_EQ(offset(TensorId::SB), std::int64_t(3 * 4096));
  CHECK_EQ(at(TensorId::SA).rows, std::int64_t(2));
  CHECK_EQ(at(TensorId::SB).rows, std::int64_t(2));
  CHECK_EQ(at(TensorId::SB).rowStride, std::int64_t(4096));
  // Rows [256, 512) of d and c.
  CHECK_EQ(offset(TensorId::D), std::int64_t(256 * 4096));
  CHECK_EQ(offset(TensorId::C), std::int64_t(256 * 4096));
  CHECK_EQ(at(TensorId::D).rows, std::int64_t(256));
  CHECK_EQ(at(TensorId::C).rows, std::int64_t(256));
  CHECK_EQ(offset(TensorId::KSizes), std::int64_t(0));
  // An empty group: K 0, no rows of scales, still its block of d.
  s = sliceGroup(meta.operands, shape, views, {2, 1024, 0});
  CHECK_EQ(s.shape.k, std::int64_t(0));
  CHECK_EQ(s.shape.m, std::int64_t(256));
  CHECK_EQ(at(TensorId::SA).rows, std::int64_t(0));
  CHECK_EQ(offset(TensorId::D), std::int64_t(512 * 4096));
  CHECK_EQ(s.dRow, std::int64_t(512));
}

TEST(plan_k_grouped_grid_and_params) {
  for (bool withC : {false, true}) {
    const KernelMeta meta = example(kGroupedExample(withC));
    GemmArgs args = kGroupedArgs(256, 1024, 3, withC);
    Expected<LaunchPlan> plan = planLaunch(meta, args, h100());
    CHECK_OK(plan);
    if (!plan)
      continue;
    // G x ceil(M / 128) x ceil(N / 128); persistent: min(SMs, that).
    CHECK_EQ(plan->tiles, std::int64_t(3 * 2 * 32));
    CHECK_EQ(plan->grid[0], 132u);
    const size_t d = withC ? 5 : 4, ks = d + 1;
    CHECK_EQ(plan->params.size(), ks + 3);
    CHECK(plan->params[ks].kind == ParamKind::Pointer);
    CHECK_EQ(plan->params[ks].pointer, args.ks.ptr);
    CHECK(plan->params[ks + 1].kind == ParamKind::I32);
    CHECK_EQ(plan->params[ks + 1].i32, 256);
    CHECK_EQ(plan->params[ks + 2].i32, 3);
    // D (and C) cover G x M rows; SB is N-major with its own box.
    CHECK_EQ(plan->params[d].tma.globalDim[0], std::uint64_t(4096));
    CHECK_EQ(plan->params[d].tma.globalDim[1], std::uint64_t(3 * 256));
    CHECK(plan->params[d].tma.dataType == TmaDataType::Float32);
    CHECK_EQ(plan->params[3].tma.globalDim[0], std::uint64_t(4096));
    CHECK_EQ(plan->params[3].tma.globalDim[1], std::uint64_t(8));
    CHECK_EQ(plan->params[3].tma.boxDim[0], 128u);
    CHECK_EQ(plan->params[1].tma.globalDim[1], std::uint64_t(4096));
    if (withC) {
      CHECK_EQ(plan->params[4].tma.globalAddress, args.c.ptr);
      CHECK_EQ(plan->params[4].tma.globalDim[1], std::uint64_t(3 * 256));
    }
  }
  // C may be D: accumulating in place.
  const KernelMeta withC = example(kGroupedExample(true));
  GemmArgs args = kGroupedArgs(256, 1024, 3, true);
  args.c.ptr = args.d.ptr;
  CHECK_OK(planLaunch(withC, args, h100()));
  // Tiles grow with G and are checked for overflow.
  CHECK_EQ(*countTiles(withC, GemmShape{128, 4096, 128, 1000}),
           std::int64_t(1000 * 32));
  CHECK_ERROR(
      countTiles(withC, GemmShape{kInt32Max - 127, kInt32Max, 128, kInt32Max}),
      "grid of 2147483647 groups x 281474959933440 tiles does not "
      "fit in 64 bits");
}

TEST(plan_rejects_bad_k_groups) {
  const KernelMeta meta = example(kGroupedExample());
  const KernelMeta withC = example(kGroupedExample(true));
  GemmArgs args = kGroupedArgs(256, 1024, 0);
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "groups must be at least 1 for a k_contiguous kernel (got 0)");
  args.groups = -2;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "groups must be at least 1 for a k_contiguous kernel (got -2)");
  args = kGroupedArgs(200, 1024, 3);
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "m 200 must be a multiple of the kernel's tile M 128: d stacks "
              "the groups' M rows");
  args = kGroupedArgs(256, 1000, 3);
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "k 1000 must be a multiple of the kernel's k_alignment 128: it "
              "is the sum of the groups' K, each a multiple of it");
  args = kGroupedArgs(256, 0, 3);
  CHECK_ERROR(planLaunch(meta, args, h100()), "k must be positive (got 0)");
  // The index tensor: present, aligned, large enough, of G elements.
  args = kGroupedArgs(256, 1024, 3);
  args.ks.ptr = 0;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor ks is required but its pointer is null");
  args = kGroupedArgs(256, 1024, 3);
  args.ks.bytes = 8;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor ks needs 12 bytes but its buffer has 8");
  args.ks.bytes = 12;
  args.ks.ptr += 4;
  CHECK_OK(planLaunch(meta, args, h100()));
  args.ks.ptr += 1;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor ks pointer 0x10500000005 is not 4-byte aligned");
  args = kGroupedArgs(256, 1024, 3);
  args.ks.rows = 1;
  args.ks.cols = 4;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor ks has shape [1, 4] but the kernel expects [1, 3]");
  // Tensors of the other layouts, and C where the kernel has none.
  args = kGroupedArgs(256, 1024, 3);
  args.mIndices.ptr = args.ks.ptr;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor m_indices was given but the kernel does not use it (the "
              "kernel is k_contiguous)");
  args = kGroupedArgs(256, 1024, 3, true);
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor c was given but the kernel does not use it (no operand "
              "c)");
  args = kGroupedArgs(256, 1024, 3);
  CHECK_ERROR(planLaunch(withC, args, h100()),
              "tensor c is required but its pointer is null");
  args = groupedArgs("m_contiguous", 1024, 4);
  args.ks.ptr = args.mIndices.ptr;
  CHECK_ERROR(planLaunch(example(groupedExample("m_contiguous")), args, h100()),
              "tensor ks was given but the kernel does not use it (the kernel "
              "is m_contiguous)");
  args = exampleArgs(128);
  args.ks.ptr = (std::uint64_t(1) << 40) + (std::uint64_t(5) << 32);
  CHECK_ERROR(planLaunch(example(), args, h100()),
              "tensor ks was given but the kernel does not use it (the kernel "
              "is not grouped)");
  // Shapes: d of G stacked blocks, B's scales 1x128 and N-major.
  args = kGroupedArgs(256, 1024, 3);
  args.d.rows = 256;
  args.d.cols = 4096;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor d has shape [256, 4096] but the kernel expects [768, "
              "4096] for m 256, n 4096, k 1024");
  args = kGroupedArgs(256, 1024, 3);
  args.sb.rows = 32;
  args.sb.cols = 8;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor sb has shape [32, 8] but the kernel expects [8, 4096]");
  args = kGroupedArgs(256, 1024, 3);
  args.d.bytes = std::uint64_t(256) * 4096 * 4;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "tensor d needs 12582912 bytes but its buffer has 4194304");
  args = kGroupedArgs(256, 1024, 3);
  args.n = 2048;
  CHECK_ERROR(planLaunch(meta, args, h100()),
              "n 2048 does not match the kernel's static n 4096");
}
