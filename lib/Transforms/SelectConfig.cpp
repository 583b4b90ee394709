//===- SelectConfig.cpp - complete gemm.matmul configs --------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The heuristic, in order:
// - tile: K-grouped (k_contiguous), [128, 128], or [64, 128] when M is not
//   a multiple of 128 (the groups' outputs are stacked along M);
//   with a dynamic M or M > 128, [128, 128] (two math warpgroups of
//   64 rows), or for the DeepSeek recipe (ungrouped, no C, M known)
//   [128, 192] where its tiles fill so many fewer rounds of the SMs that
//   1.45 x its rounds (a round of 192-column tiles takes about 1.45x as
//   long, measured interleaved) is below 97% of the 128-column tile's,
//   e.g. 4096 x 2112 x 7168: 3 rounds against 5, 13% faster; likewise
//   [256, 128] at 1.83 rounds (e.g. 4096 x 7168: 7 rounds against 14),
//   and where [128, 128]'s tiles do not fill one round, [128, 64] at 0.72
//   and [128, 96] at 0.90 of one (e.g. 256 x 4096: 128 tiles against 64,
//   35% faster) (hopgemm/Runtime/WideTile.h, shared with the runtime,
//   which applies the rule to precompiled kernels; docs/performance.md
//   items 43, 48, 49).
//   With a static M <= 128 (decode), the (tile, split-K factor S) that
//   minimizes the cost model
//     max(ceil(tiles * S / SMs) * (K blocks / S) * t_tile,
//         bytes of B / 2.87 TB/s)
//     + (S > 1 ? 2.5 us * (1 + S * tile M * tile N / 8192) : 0)
//   where t_tile is the time of one K block of that tile on one SM, the
//   second term the HBM floor of streaming the weights, and the last the
//   split-K reduction (partials written, counted, read back by the last
//   CTA). S divides the K blocks and leaves each split at least 4; a split
//   must win by 2%. The constants were fitted to a sweep of every (tile,
//   S) on the 12 decode shapes M in {16, 128} x the DeepSeek (N, K), where
//   the model's pick is within 3.4% of the fastest kernel on every shape
//   (benchmarks/results/2026-11-24-split-sweep). Tile N is capped at N
//   rounded up to 8. Split-K not with C (the lowering's reduction does not
//   add C); neither split-K nor swap_ab with a given cluster.
//   With M <= 16 the one candidate is a swap_ab tile [M rounded up to 8
//   (16 for byte scales), 64]: the tokens on wgmma's N instead of 64
//   wgmma rows mostly of padding, timed per K block as [64, 64]. On the
//   DeepSeek (N, K) it beat the best plain tile by up to 16% at M = 1 and
//   10% at M = 16, and was within 2% where it lost (one shape at M = 16);
//   at M = 32 and 64 it won and lost by up to 7% alike, so those keep the
//   plain tiles (benchmarks/results/2026-11-24-swap-ab).
// - tile K: 128 bytes of K, the width of the 128-byte TMA swizzle (128 FP8
//   elements, the promotion step of block scales);
// - stages: as many as shared memory holds (at most 8; at most 4 for tiles
//   of 128 x 128 or more), but no more than the K blocks of the tiles that
//   a CTA walks: K blocks x ceil(tiles / SMs) with a static M and the
//   persistent or stream-K schedule, else K blocks (a dynamic K, k_contiguous,
//   counts as many). At K = 512 a CTA's second tile then loads while its first
//   computes: 64 x 32768 x 512 about 5% faster with 8 stages instead of
//   4, 32 x 32768 x 512 0-6% between runs (docs/performance.md, item
//   50); swap_ab tiles keep the K blocks' cap (8 stages: no faster at
//   M = 16, 4% slower at M = 1). Four stages of a 128 x 128 tile beat
//   five by 1.5-5% on every large DeepSeek shape and three lose 6-10%
//   (benchmarks/results/2026-11-24-stages4); the loads alone, without the
//   wgmmas, ran as fast with 3, 4 or 5 stages, so deeper prefetch does not
//   raise their bandwidth-bound rate;
// - cluster [1, 1] and the persistent schedule (one CTA per SM walking the
//   tiles), which measured as fast or faster than one CTA per tile on every
//   shape. The stream-K schedule (the last partial round's tiles shared
//   out by K blocks) is taken only where a spec asks for it: it has not
//   been timed against the persistent one yet.
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

#include "hopgemm/Runtime/WideTile.h"

#include <limits>

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMSELECTCONFIG
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

/// Time of one K block (us) of the candidate decode tiles on one SM, and
/// the rest of the decode cost model (see the file comment), fitted on an
/// H100 (benchmarks/results/2026-11-24-split-sweep).
struct TileCost {
  int64_t tm, tn;
  double kBlockTime;
};
/// The candidates for M <= 64 and for 64 < M <= 128, as swept.
static constexpr TileCost kDecodeTilesSmallM[] = {
    {64, 128, 0.33}, {64, 64, 0.34}, {64, 32, 0.50}};
static constexpr TileCost kDecodeTilesLargeM[] = {
    {128, 128, 0.56}, {128, 64, 0.365}, {64, 64, 0.34}};
/// Effective HBM bandwidth when streaming the weights, bytes per us.
static constexpr double kWeightBytesPerUs = 2.87e6;
/// Split-K reduction: a fixed cost and a share per split and 8192 outputs.
static constexpr double kSplitReduceUs = 2.5;
/// Each split keeps at least this many K blocks, so that its pipeline fills.
static constexpr int64_t kMinBlocksPerSplit = 4;
/// Split-K factors tried.
static constexpr int64_t kSplitCandidates[] = {1, 2, 3, 4, 7, 8, 14, 16};

/// Decode batches up to this many rows are computed transposed.
static constexpr int64_t kSwapMaxM = 16;

/// Tile [M, N, K], split-K factor and whether the tile is swapped.
struct TileChoice {
  SmallVector<int64_t> tile;
  int64_t splits = 1;
  bool swapAB = false;
};

/// Whether the lowering can compute `op` transposed (swap_ab) with CTA
/// clusters of `clusterSize`.
static bool canSwap(MatmulOp op, int64_t clusterSize) {
  return op.getA().getMajor() == Major::K && op.getB().getMajor() == Major::K &&
         !op.getGrouping() && clusterSize == 1;
}

/// The swap_ab tile M for `m` rows: a multiple of 8 (of 16 when A's block
/// scales are bytes, whose TMA boxes are 16-byte units), at most 128.
static int64_t swapTileM(MatmulOp op, int64_t m) {
  int64_t step = op.getA().getScaleKind() == ScaleKind::Block &&
                         op.getA().getScaleType().getIntOrFloatBitWidth() == 8
                     ? 16
                     : 8;
  return std::min<int64_t>(llvm::alignTo(std::max<int64_t>(m, 1), step), 128);
}

/// Tile M and N for M > 128: hopgemm::largeMTile (128 x 192 or 256 x 128
/// where their tiles fill the SMs in enough fewer rounds, else 128 x 128),
/// the rule a runtime without the compiler applies to precompiled kernels
/// too. It needs M: a dynamic M (without expected_m) keeps 128 x 128. Only
/// the DeepSeek recipe (1x128 A and 128x128 B block scales), ungrouped and
/// without C, was measured.
static hopgemm::LargeMTile largeMTile(MatmulOp op, int64_t m, int64_t numSMs,
                                      int64_t maxN) {
  OperandAttr a = op.getA(), b = op.getB();
  bool measured = a.getScaleKind() == ScaleKind::Block &&
                  b.getScaleKind() == ScaleKind::Block &&
                  b.getScaleBlock()[0] == 128 && !op.getCAttr() &&
                  !op.getGrouping() && !ShapedType::isDynamic(op.getK());
  if (!measured || ShapedType::isDynamic(m))
    return {128, std::min<int64_t>(128, maxN)};
  hopgemm::LargeMTile tile = hopgemm::largeMTile(m, op.getN(), numSMs);
  return {tile.m, std::min(tile.n, maxN)};
}

/// The M that the config is tuned for: a dynamic M counts as the spec's
/// expected_m, if it gives one.
static int64_t tunedM(MatmulOp op) {
  if (ShapedType::isDynamic(op.getM()) && op.getExpectedM())
    return int64_t(*op.getExpectedM());
  return op.getM();
}

static TileChoice selectTile(MatmulOp op, int64_t numSMs, int64_t tk,
                             bool allowSplit, bool allowSwap, bool forceSwap) {
  int64_t m = tunedM(op), n = op.getN();
  // wgmma's N comes in steps of 8; an N-major B's tile in TMA boxes of 64
  // columns.
  int64_t nStep = op.getB().getMajor() == Major::N ? 64 : 8;
  int64_t maxN = llvm::alignTo(n, nStep);
  // K-grouped outputs are stacked along M, so tile M must divide M.
  if (op.getGrouping() == Grouping::KContiguous && !ShapedType::isDynamic(m))
    return {{m % 128 == 0 ? 128 : 64, std::min<int64_t>(128, maxN), tk}, 1};
  // The decode model needs M and K (a k_contiguous GEMM's K is the sum of
  // its groups', known at launch only).
  if (ShapedType::isDynamic(m) || m > 128 || ShapedType::isDynamic(op.getK())) {
    if (forceSwap)
      return {
          {ShapedType::isDynamic(m) ? 64 : swapTileM(op, m), 128, tk}, 1, true};
    hopgemm::LargeMTile tile = largeMTile(op, m, numSMs, maxN);
    return {{tile.m, tile.n, tk}, 1};
  }
  bool swap = forceSwap || (m <= kSwapMaxM && allowSwap);
  int64_t kBlocks = llvm::divideCeil(op.getK(), tk);
  double weightFloor =
      double(n) * op.getK() * op.getB().getElementBytes() / kWeightBytesPerUs;
  TileChoice best;
  double bestTime = 0;
  for (int64_t splits : kSplitCandidates) {
    if (splits > 1 && (!allowSplit || kBlocks % splits != 0 ||
                       kBlocks / splits < kMinBlocksPerSplit))
      continue;
    TileCost swapTile[] = {{swapTileM(op, m), 64, 0.34}};
    ArrayRef<TileCost> candidates(swap      ? ArrayRef(swapTile)
                                  : m <= 64 ? ArrayRef(kDecodeTilesSmallM)
                                            : ArrayRef(kDecodeTilesLargeM));
    for (const TileCost &c : candidates) {
      if (c.tn % nStep != 0)
        continue;
      // A swapped tile's N is the wgmma's 64 rows, not capped.
      int64_t tn = swap ? c.tn : std::min(c.tn, maxN);
      int64_t tiles = llvm::divideCeil(m, c.tm) * llvm::divideCeil(n, tn);
      double time = std::max(double(llvm::divideCeil(tiles * splits, numSMs)) *
                                 double(kBlocks / splits) * c.kBlockTime,
                             weightFloor);
      if (splits > 1)
        time += kSplitReduceUs * (1 + double(splits * c.tm * tn) / 8192);
      // Without a split, strictly better; a split must win by 2%.
      if (best.tile.empty() || time < bestTime * (splits > 1 ? 0.98 : 1.0)) {
        best = {{c.tm, tn, tk}, splits, swap};
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
  bool swapAB = given && given.getSwapAB();
  SmallVector<int64_t> cluster = {1, 1};
  if (given && !given.getCluster().empty())
    cluster.assign(given.getCluster().begin(), given.getCluster().end());
  int64_t clusterSize = cluster[0] * cluster[1];
  if (given && !given.getTile().empty()) {
    tile.assign(given.getTile().begin(), given.getTile().end());
  } else {
    // Split-K needs the workspace reduction, which the lowering does not
    // combine with C, groups or clusters; a given split_k is kept as is.
    // Neither does it lower swap_ab with clusters.
    TileChoice choice =
        selectTile(op, numSMs, 128 / op.getA().getElementBytes(),
                   /*allowSplit=*/splitK == 0 && !op.getCAttr() &&
                       !op.getGrouping() && clusterSize == 1,
                   /*allowSwap=*/canSwap(op, clusterSize),
                   /*forceSwap=*/swapAB);
    tile = choice.tile;
    swapAB = choice.swapAB;
    if (splitK == 0 && choice.splits > 1)
      splitK = choice.splits;
  }
  std::optional<Schedule> schedule = Schedule::Persistent;
  if (given && given.getSchedule())
    schedule = given.getSchedule();
  int64_t stages = given ? given.getStages() : 0;
  if (stages == 0) {
    int64_t kBlocks = ShapedType::isDynamic(op.getK())
                          ? std::numeric_limits<int64_t>::max()
                          : llvm::divideCeil(op.getK(), tile[2]) /
                                std::max<int64_t>(splitK, 1);
    // A persistent (or stream-K) CTA's stages hold the K blocks of its next
    // tile too
    // (not swapped tiles: no faster at M = 16, 4% slower at M = 1).
    int64_t m = tunedM(op);
    if (!ShapedType::isDynamic(op.getK()) && !ShapedType::isDynamic(m) &&
        !op.getGrouping() && !swapAB && schedule != Schedule::DataParallel) {
      int64_t tiles = llvm::divideCeil(m, tile[0]) *
                      llvm::divideCeil(op.getN(), tile[1]) *
                      std::max<int64_t>(splitK, 1);
      kBlocks *= llvm::divideCeil(tiles, numSMs);
    }
    int64_t maxStages = tile[0] * tile[1] >= 128 * 128 ? 4 : 8;
    stages = 1;
    while (stages < kBlocks && stages < maxStages &&
           estimateSharedMemory(op, tile, stages + 1) <=
               sm90::kMaxSharedMemoryBytes)
      ++stages;
  }
  return ConfigAttr::get(op.getContext(), tile, stages, cluster, schedule,
                         splitK, swapAB);
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
