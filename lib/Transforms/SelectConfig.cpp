//===- SelectConfig.cpp - complete gemm.matmul configs --------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The heuristic, in order:
// - tile: with a dynamic M or M > 128, [128, 128] (two math warpgroups of
//   64 rows). With the promotion overlapped four K blocks deep it does a K
//   block in 0.50 us under load, and the 256-row tile (available through
//   the config) twice the work in 1.03 us: equal within a few percent on
//   the DeepSeek shapes (benchmarks/results/2026-11-23-tile256, -unroll4).
//   With a static M <= 128 (decode), the candidate minimizing
//     ceil(tiles / SMs) * (time of one K block of that tile on one SM),
//   timed at M = 128 where few CTAs run and each is bound by its own
//   pipeline's latency (benchmarks/results/2026-11-23-tile-sweep): small
//   tiles win when they fill the SMs, e.g. [64, 32] for N = 2112. Tile N is
//   capped at N rounded up to 8.
// - split-K (static M <= 128 only, not with C): the same model over
//   (tile, S) with S dividing the K blocks and leaving each split at least
//   4 of them: ceil(tiles * S / SMs) * (K blocks / S + 1) K-block times,
//   the 1 for writing and reducing the partials; a split must win by 5%.
// - tile K: 128 bytes of K, the width of the 128-byte TMA swizzle (128 FP8
//   elements, the promotion step of block scales);
// - stages: as many as shared memory holds, but no more than there are K
//   blocks;
// - cluster [1, 1] and the persistent schedule (one CTA per SM walking the
//   tiles), which measured as fast or faster than one CTA per tile on every
//   shape.
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMSELECTCONFIG
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

/// Relative time of one K block for the candidate decode tiles, measured at
/// M = 128 on an H100 (benchmarks/results/2026-11-23-tile-sweep).
struct TileCost {
  int64_t tm, tn;
  double kBlockTime;
};
static constexpr TileCost kDecodeTiles[] = {
    {128, 128, 0.54}, {128, 64, 0.40}, {64, 128, 0.42},
    {64, 64, 0.33},   {64, 32, 0.31},
};

/// The work of one split-K reduction, in K-block times: writing the
/// partial, and for the last CTA reading all of them.
static constexpr double kSplitReduceBlocks = 1.0;
/// Each split keeps at least this many K blocks, so that its pipeline fills.
static constexpr int64_t kMinBlocksPerSplit = 4;

/// Whether the heuristic picks split-K by itself (until its cost model is
/// fitted to measurements, only a given split_k is used).
static constexpr bool kChooseSplitK = false;

/// Tile [M, N, K] and split-K factor.
struct TileChoice {
  SmallVector<int64_t> tile;
  int64_t splits = 1;
};

static TileChoice selectTile(MatmulOp op, int64_t numSMs, int64_t tk,
                             bool allowSplit) {
  int64_t m = op.getM(), n = op.getN();
  int64_t maxN = llvm::alignTo(n, 8);
  if (ShapedType::isDynamic(m) || m > 128)
    return {{128, std::min<int64_t>(128, maxN), tk}, 1};
  int64_t kBlocks = llvm::divideCeil(op.getK(), tk);
  TileChoice best;
  double bestTime = 0;
  for (const TileCost &c : kDecodeTiles) {
    int64_t tn = std::min(c.tn, maxN);
    int64_t tiles = llvm::divideCeil(m, c.tm) * llvm::divideCeil(n, tn);
    for (int64_t splits = 1; splits <= (allowSplit ? kBlocks : 1); ++splits) {
      if (kBlocks % splits != 0 ||
          (splits > 1 && kBlocks / splits < kMinBlocksPerSplit))
        continue;
      double blocks = double(kBlocks / splits) +
                      (splits > 1 ? kSplitReduceBlocks : 0.0);
      double time =
          llvm::divideCeil(tiles * splits, numSMs) * blocks * c.kBlockTime;
      if (best.tile.empty() || time < bestTime * 0.95) {
        best = {{c.tm, tn, tk}, splits};
        bestTime = time;
      }
    }
  }
  return best;
}

ConfigAttr mlir::gemm::selectConfig(MatmulOp op, int64_t numSMs) {
  ConfigAttr given = op.getConfigAttr();
  SmallVector<int64_t> tile;
  int64_t splitK = given ? given.getSplitK() : 0;
  if (given && !given.getTile().empty()) {
    tile.assign(given.getTile().begin(), given.getTile().end());
  } else {
    // Split-K needs the workspace reduction, which the lowering does not
    // combine with C; a given split_k is kept as is.
    TileChoice choice =
        selectTile(op, numSMs, 128 / op.getA().getElementBytes(),
                   /*allowSplit=*/kChooseSplitK && splitK == 0 &&
                       !op.getCAttr());
    tile = choice.tile;
    if (splitK == 0 && choice.splits > 1)
      splitK = choice.splits;
  }
  int64_t stages = given ? given.getStages() : 0;
  if (stages == 0) {
    int64_t kBlocks =
        llvm::divideCeil(op.getK(), tile[2]) / std::max<int64_t>(splitK, 1);
    stages = 1;
    while (stages < kBlocks && stages < 8 &&
           estimateSharedMemory(op, tile, stages + 1) <=
               sm90::kMaxSharedMemoryBytes)
      ++stages;
  }
  SmallVector<int64_t> cluster = {1, 1};
  if (given && !given.getCluster().empty())
    cluster.assign(given.getCluster().begin(), given.getCluster().end());
  std::optional<Schedule> schedule = Schedule::Persistent;
  if (given && given.getSchedule())
    schedule = given.getSchedule();
  return ConfigAttr::get(op.getContext(), tile, stages, cluster, schedule,
                         splitK);
}

namespace {
struct GemmSelectConfigPass
    : public gemm::impl::GemmSelectConfigBase<GemmSelectConfigPass> {
  using Base::Base;
  void runOnOperation() override {
    if (numSMs < 1) {
      mlir::emitError(getOperation().getLoc(), "num-sms ")
          << static_cast<int64_t>(numSMs) << " must be at least 1";
      return signalPassFailure();
    }
    WalkResult result = getOperation().walk([&](MatmulOp op) {
      op.setConfigAttr(selectConfig(op, numSMs));
      if (failed(op.verify()))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
