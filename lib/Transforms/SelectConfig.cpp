//===- SelectConfig.cpp - complete gemm.matmul configs --------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The heuristic, in order:
// - tile M: 64 when M is static and at most 64 (one math warpgroup; decode
//   shapes), else 128 (two math warpgroups of 64 rows);
// - tile N: 128, the extent of a weight scale block, or N rounded up to a
//   multiple of 8 when N is smaller;
// - tile K: 128 bytes of K, the width of the 128-byte TMA swizzle (128 FP8
//   elements, the promotion step of block scales);
// - stages: as many as shared memory holds, but no more than there are K
//   blocks;
// - cluster [1, 1] and the data-parallel schedule.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMSELECTCONFIG
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

ConfigAttr mlir::gemm::selectConfig(MatmulOp op, int64_t numSMs) {
  (void)numSMs; // Reserved for the wave-aware tile choice.
  ConfigAttr given = op.getConfigAttr();
  SmallVector<int64_t> tile;
  if (given && !given.getTile().empty()) {
    tile.assign(given.getTile().begin(), given.getTile().end());
  } else {
    int64_t m = op.getM();
    int64_t tm = (!ShapedType::isDynamic(m) && m <= 64) ? 64 : 128;
    int64_t tn = std::min<int64_t>(128, llvm::alignTo(op.getN(), 8));
    int64_t tk = 128 / op.getA().getElementBytes();
    tile = {tm, tn, tk};
  }
  int64_t stages = given ? given.getStages() : 0;
  if (stages == 0) {
    int64_t kBlocks = llvm::divideCeil(op.getK(), tile[2]);
    stages = 1;
    while (stages < kBlocks && stages < 8 &&
           estimateSharedMemory(op, tile, stages + 1) <=
               sm90::kMaxSharedMemoryBytes)
      ++stages;
  }
  SmallVector<int64_t> cluster = {1, 1};
  if (given && !given.getCluster().empty())
    cluster.assign(given.getCluster().begin(), given.getCluster().end());
  std::optional<Schedule> schedule = Schedule::DataParallel;
  if (given && given.getSchedule())
    schedule = given.getSchedule();
  return ConfigAttr::get(op.getContext(), tile, stages, cluster, schedule);
}

namespace {
struct GemmSelectConfigPass
    : public gemm::impl::GemmSelectConfigBase<GemmSelectConfigPass> {
  using Base::Base;
  void runOnOperation() override {
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
