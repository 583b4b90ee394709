//===- GemmToNVGPU.cpp - lower gemm tile programs to nvgpu/nvvm -----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Lowers a tile program (see Expand.cpp) to a warp-specialized Hopper
// kernel. One CTA computes one tile of tm x tn outputs at a time:
//
//   warpgroup 0      TMA producer: one thread walks the K blocks, waits for
//                    a free stage (`empty` mbarrier), arms the stage's
//                    `full` mbarrier with the bytes to expect and issues the
//                    TMA copies of A, B and the 1x128 block scales into it.
//   warpgroups 1..   math, 64 rows each: wait on `full`, run the K block's
//                    wgmmas, release the stage. With block scales each
//                    block's product goes to a fresh fp32 fragment that is
//                    promoted, `acc += partial * sa[row] * sb`, on CUDA
//                    cores; otherwise the wgmmas accumulate over all of K
//                    and tensor or row scales apply in the epilogue.
//                    The epilogue adds C (TMA-loaded into the staging
//                    buffer), converts to D's type, and stores the tile
//                    through swizzled shared memory with a TMA store that
//                    clips at M and N.
//
// With swap_ab (small M) the math warpgroups compute the tile transposed,
// D^T = B A^T: 64 rows of B's tile per warpgroup on the wgmma's M, A's tm
// rows on its N; B's scales become row scales, A's column scales, and the
// epilogue writes the fragment into the staging tile transposed. Producer,
// parameters and the stored tile are the same as without.
//
// Shared memory is one dynamic buffer, realigned to 1024 bytes at run time
// (the 128-byte swizzle repeats every 1024 bytes and wgmma descriptors
// assume that alignment): `stages` A tiles, `stages` B tiles, `stages` A
// scale vectors and `stages` B scale vectors (for 1x128 block scales), then
// the output staging tile. The mbarriers are static shared memory.
//
// The kernel's parameters (`Param` below, recorded for the runtime by a
// gemm.kernel_info op): TMA descriptors (in global memory) of A and B, the
// scales (a descriptor for 1x128 block scales, else a pointer), C's
// descriptor when C is added, D's descriptor, a grouped GEMM's int32 index
// tensor (m_indices, masked_m or ks) as a pointer, the split-K workspace,
// and M as i32, then G as i32 (m_masked and k_contiguous).
//
// Grouped GEMMs: M-grouped tiles take B from their group (m_contiguous:
// the group of the tile's first row, -1 skips it; m_masked: tiles past the
// group's valid rows are skipped). K-grouped tiles (k_contiguous) run over
// their group's share of K: the number of K blocks of a tile is a run-time
// value, so the CTA carries its position in the stage ring from tile to
// tile instead of computing it from the tile count.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

#include <set>

namespace mlir::gemm {
#define GEN_PASS_DEF_CONVERTGEMMTONVGPU
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

namespace {

/// Registers the producer leaves, and the most a math warpgroup asks for.
constexpr int32_t kProducerRegisters = 40;
constexpr int32_t kMaxMathRegisters = 232;
/// The register file of an SM, which one CTA has to itself (minctasm 1).
constexpr int32_t kRegistersPerSM = 65536;
/// The 128-byte swizzle pattern repeats every 1024 bytes.
constexpr int64_t kSwizzleAtomBytes = 1024;
/// Bytes of K in one tile row: the width of the 128-byte swizzle.
constexpr int64_t kTileKBytes = 128;
/// Bytes of K one wgmma takes (32 FP8 or 16 16-bit elements).
constexpr int64_t kWgmmaKBytes = 32;

/// A kernel parameter, in order; the runtime fills it from `tensor`.
struct Param {
  enum Kind { TensorMap, Pointer, Workspace } kind;
  StringRef tensor;
  /// For tensor maps: the shared-memory box and the swizzle in bytes.
  SmallVector<int64_t, 2> box;
  int64_t swizzle = 0;
};

/// What the lowering reads off a tile program.
struct TileProgram {
  gpu::GPUFuncOp func;
  DictionaryAttr spec;
  OperandAttr a, b, c, d;
  std::optional<Grouping> grouping;
  int64_t tm, tn, tk, stages, n, k, kBlocks, splits;
  /// CTAs per cluster along M (1 or 2). The CTAs of a cluster compute
  /// consecutive tiles of one column of tiles and share B's tile: each
  /// loads 1/clusterM of its rows and multicasts them to all.
  int64_t clusterM = 1;
  /// CTAs per cluster along N (1 or 2; not both clusterM and clusterN):
  /// consecutive tiles of one row of tiles, sharing A's tile likewise.
  int64_t clusterN = 1;
  int64_t clusterSize() const { return clusterM * clusterN; }
  /// The tile computed transposed, D^T = B A^T: B's tn rows on wgmma's M
  /// (64 per math warpgroup), A's tm rows on wgmma's N.
  bool swapAB = false;
  /// schedule = stream_k: the tiles past the grid's last full round are
  /// shared out among the CTAs by K blocks (forEachStreamKItem).
  bool streamK = false;
  /// Whether the CTAs add fp32 partial tiles in a workspace: split-K or
  /// stream-K.
  bool sharesTiles() const { return splits > 1 || streamK; }
  /// K blocks one CTA computes of a tile (all of them without split-K).
  /// K-grouped tiles have their group's share of K, read at run time, and
  /// stream-K ones a run-time share of the tile's K blocks (at most these).
  int64_t kPerSplit() const { return kBlocks / splits; }
  /// Whether a work item's K blocks are known at run time only.
  bool kDynamic() const { return kGrouped() || streamK; }
  bool kGrouped() const { return grouping == Grouping::KContiguous; }
  /// M-grouped: B, its scales and the tiles' rows belong to a group.
  bool mGrouped() const { return grouping && !kGrouped(); }
  Type aType, bType, dType;
  /// Promotion every K block (1x128 A scales), else one accumulation over K.
  bool blockScaled() const { return a.getScaleKind() == ScaleKind::Block; }
  /// B scaled per row and K block (1x128), which needs a vector per stage.
  bool sbPerColumn() const {
    return b.getScaleKind() == ScaleKind::Block && b.getScaleBlock()[0] == 1;
  }
  /// 128x128 B scales and a tile N that does not divide 128: a tile may
  /// straddle two scale blocks, at a column that varies from tile to tile.
  bool sbSpans() const {
    return blockScaled() && !sbPerColumn() && !swapAB && 128 % tn != 0 &&
           n > 128;
  }
  /// With sbSpans(): the tile-relative columns at which N's tiles cross
  /// into their second B scale block, 128 - (first column mod 128); at or
  /// past tn the tile lies in one block. (A group's tiles start at column
  /// 0 of its N, so every group has these.)
  SmallVector<int64_t> sbSplits() const {
    std::set<int64_t> splits;
    for (int64_t t = 0; t < std::min<int64_t>(128, llvm::divideCeil(n, tn));
         ++t)
      splits.insert(128 - t * tn % 128);
    return SmallVector<int64_t>(splits.begin(), splits.end());
  }
  /// With sbSpans(): whether one of N's tiles reaches into a third block.
  bool sbSpansThree() const {
    for (int64_t t = 0; t < llvm::divideCeil(n, tn); ++t)
      if (t * tn % 128 + std::min(tn, n - t * tn) > 256)
        return true;
    return false;
  }
  int64_t inBytes() const { return a.getElementBytes(); }
  /// 16-bit operands may be M- (N-) major: A (K, M), B (K, N) in memory.
  /// Such a tile arrives in TMA boxes of 64 rows of M (N) by tk of K, one
  /// 128-byte swizzled row per K index; a K-major tile is tm (tn) rows of
  /// K. Either way a 64-row slab of the tile takes 64 x 128 bytes.
  bool aMNMajor() const { return a.getMajor() != Major::K; }
  bool bMNMajor() const { return b.getMajor() != Major::K; }
  /// Elements in a 128-byte row: tile K, and the M (N) of an MN-major box.
  int64_t rowElems() const { return kTileKBytes / inBytes(); }
  /// The TMA box of an operand tile of `rows` rows of M (N), innermost
  /// dimension first: tk x rows when K-major, one 64-row box when MN-major.
  SmallVector<int64_t, 2> operandBox(bool mnMajor, int64_t rows) const {
    if (mnMajor)
      return {rowElems(), tk};
    return {tk, rows};
  }
  /// Rows of M (N) in one TMA box of A (B): 64 when MN-major, else the
  /// tile's rows (the CTA's share of them where a cluster shares the tile).
  int64_t aBoxRows() const { return aMNMajor() ? rowElems() : tm / clusterN; }
  int64_t bBoxRows() const { return bMNMajor() ? rowElems() : tn / clusterM; }
  int64_t dBytes() const { return d.getElementBytes(); }
  int64_t wgmmaK() const { return kWgmmaKBytes / inBytes(); }
  /// Math warpgroups: one for 64 wgmma rows, else two; with swap_ab, whose
  /// wgmma rows are the tile's N, one per 64 rows (up to four).
  int64_t numMath() const { return swapAB ? tn / 64 : tm == 64 ? 1 : 2; }
  /// Registers a math thread asks for. setmaxnreg moves registers within
  /// the CTA's allocation at launch (the register file divided by the
  /// threads, in steps of 8: ptxas allocates that cap when the kernel uses
  /// setmaxnreg): what the producer leaves is shared by the math
  /// warpgroups. 232 with one or two math warpgroups (168 a thread at
  /// launch), 104 with four (96 at launch). Asking for more than the pool
  /// holds would hang the math warps in setmaxnreg.
  int32_t mathRegisters() const {
    int64_t atLaunch = kRegistersPerSM / numThreads() / 8 * 8;
    int64_t left = atLaunch * numThreads() - 128 * kProducerRegisters;
    return std::min<int64_t>(kMaxMathRegisters,
                             left / (128 * numMath()) / 8 * 8);
  }
  /// Waves of 64 rows each math warpgroup computes: two for a 256-row tile
  /// (rows w * 64 and 128 + w * 64 for warpgroup w), else one. The waves
  /// share B's stage and the promotion fragment.
  int64_t numWaves() const { return swapAB ? 1 : tm / (64 * numMath()); }
  /// Columns of a wgmma fragment (the wgmma's N): tn, or with swap_ab tm.
  /// A thread holds half as many floats.
  int64_t fragCols() const { return swapAB ? tm : tn; }
  int64_t numThreads() const { return 128 * (1 + numMath()); }
  int64_t aStageBytes() const { return tm * kTileKBytes; }
  int64_t bStageBytes() const { return tn * kTileKBytes; }
  /// Bytes of one scale of an operand: 4 (f32), or 1 (UE8M0 bytes,
  /// f8E8M0FNU, for block scales).
  static int64_t scaleBytes(OperandAttr x) {
    return x.isScaled() ? x.getScaleType().getIntOrFloatBitWidth() / 8 : 4;
  }
  int64_t saStageBytes() const {
    return blockScaled() ? llvm::alignTo(tm * scaleBytes(a), 128) : 0;
  }
  int64_t sbStageBytes() const {
    return sbPerColumn() ? llvm::alignTo(tn * scaleBytes(b), 128) : 0;
  }
  int64_t offB() const { return stages * aStageBytes(); }
  int64_t offSA() const { return offB() + stages * bStageBytes(); }
  int64_t offSB() const { return offSA() + stages * saStageBytes(); }
  /// The promotion of one K block overlaps the next block's wgmmas in the
  /// same warpgroup: two fragments and the accumulator in registers. Four
  /// math warpgroups (swap_ab over 256 rows) have 104 registers a thread,
  /// room for one fragment of 64 columns; two waves hold one fragment;
  /// past 128 columns two fragments and the accumulator (3 x 96 floats at
  /// 192) do not fit either.
  bool overlapsPromotion() const {
    return numWaves() == 1 && numMath() < 4 && fragCols() <= 128;
  }
  /// Whether the block-scaled loop probes the next block's barrier as soon
  /// as a block's stage is released: where it does not overlap the
  /// promotion and the release comes before the promotion (no column scales
  /// are read from the stage). In clusters too since the release arrives
  /// from one lane per CTA (with lane 0 arriving in every CTA, the probe
  /// made ptxas spill some 420 B in the 256 x 128 kernel).
  bool probesAhead() const {
    return !overlapsPromotion() && !sbPerColumn() && !swapAB;
  }
  /// K blocks an iteration of the non-overlapped loop where the pass leaves
  /// it to the lowering (probe-unroll = 0), for tiles that probe ahead
  /// outside a cluster: four for two-wave tiles when the K blocks are a
  /// multiple of four and at least eight, two for one-wave tiles (128 x 192)
  /// when they are even and at least four; one otherwise. Unrolled by four,
  /// the 256 x 128 kernel ran 0-3.5% faster on the large shapes; with fewer
  /// blocks, a tail after the loop or in a cluster pair, ptxas spilled
  /// 112-180 bytes (docs/performance.md, item 56). Unrolled by two, 128 x
  /// 192 ran 2-2.7% faster at 4096 x 2112 x 7168, by four 1.5% (item 59).
  int64_t defaultProbeUnroll() const {
    if (!probesAhead() || clusterSize() != 1 || kGrouped())
      return 1;
    int64_t blocks = kPerSplit();
    if (numWaves() == 2)
      return blocks >= 8 && blocks % 4 == 0 ? 4 : 1;
    return blocks >= 4 && blocks % 2 == 0 ? 2 : 1;
  }
  /// Whether the probing loop reads its K blocks' 128x128 B scales from a
  /// copy in shared memory that the math threads make at the tile's start
  /// (the tile's row of scales, and with sbSpans() the next row's), rather
  /// than from global memory each block: ptxas moves a global load's value
  /// into a uniform register right after the load, so the warp waited for
  /// the load before the block's wgmmas (docs/performance.md, item 44:
  /// +2.4% to +6.4% for the 256 x 128 tile at M = 4096). For a static K and
  /// one split. The overlapped loop (one-wave tiles up to 128 columns) keeps
  /// the global load: there the promotion overlap hides it, and the copy
  /// measured -2% to +4.5% for 128 x 128 and the decode tiles (item 47).
  bool stagesSbRow() const {
    return blockScaled() && probesAhead() && splits == 1 &&
           !kGrouped() &&
           offSbRow() + 8 * kPerSplit() + kSwizzleAtomBytes <=
               sm90::kMaxSharedMemoryBytes;
  }
  /// Floats in that copy: kPerSplit, twice with sbSpans().
  int64_t sbRowCount() const {
    return stagesSbRow() ? kPerSplit() * (sbSpans() ? 2 : 1) : 0;
  }
  /// The output tile, staged for the TMA store (and C's TMA load).
  int64_t offD() const {
    return llvm::alignTo(offSB() + stages * sbStageBytes(), kSwizzleAtomBytes);
  }
  /// The TMA store writes the output tile in column blocks whose rows are
  /// one swizzle span wide: the widest span (128, 64 or 32 bytes) that
  /// divides the tile's row, else unswizzled whole rows. The blocks must
  /// tile the row exactly: a partial last block would store past the
  /// tile's columns, onto the next tile's (the TMA clips at N only).
  int64_t dSwizzleBytes() const {
    int64_t rowBytes = tn * dBytes();
    for (int64_t span : {128, 64, 32})
      if (rowBytes % span == 0)
        return span;
    return 0;
  }
  int64_t dBoxCols() const {
    return dSwizzleBytes() ? dSwizzleBytes() / dBytes() : tn;
  }
  int64_t dTileBytes() const { return tm * tn * dBytes(); }
  /// With split-K or stream-K: where the storing thread tells the others
  /// whether this CTA reduces the tile.
  int64_t offFlag() const { return offD() + dTileBytes(); }
  /// The copy of the tile's B scales (stagesSbRow()).
  int64_t offSbRow() const { return offFlag() + (sharesTiles() ? 16 : 0); }
  /// Dynamic shared memory, with room to realign the base to 1024 bytes.
  int64_t smemBytes() const {
    return offSbRow() + 4 * sbRowCount() + kSwizzleAtomBytes;
  }
  /// Bytes of one split's fp32 partial tile in the workspace.
  int64_t partialBytes() const { return tm * tn * 4; }
  int64_t txBytes() const {
    return aStageBytes() + bStageBytes() +
           (blockScaled() ? tm * scaleBytes(a) : 0) +
           (sbPerColumn() ? tn * scaleBytes(b) : 0);
  }
  /// Whether the kernel takes the group count after M.
  bool takesGroups() const {
    return grouping == Grouping::MMasked || kGrouped();
  }
  /// The kernel's parameters before M, in order.
  SmallVector<Param> params() const {
    SmallVector<Param> list = {
        {Param::TensorMap, "a", operandBox(aMNMajor(), aBoxRows()), 128},
        {Param::TensorMap, "b", operandBox(bMNMajor(), bBoxRows()), 128},
    };
    if (blockScaled())
      list.push_back({Param::TensorMap, "sa", {tm, 1}, 0});
    else if (a.isScaled())
      list.push_back({Param::Pointer, "sa", {}, 0});
    if (sbPerColumn())
      list.push_back({Param::TensorMap, "sb", {tn, 1}, 0});
    else if (b.isScaled())
      list.push_back({Param::Pointer, "sb", {}, 0});
    if (c)
      list.push_back(
          {Param::TensorMap, "c", {dBoxCols(), tm}, dSwizzleBytes()});
    list.push_back({Param::TensorMap, "d", {dBoxCols(), tm}, dSwizzleBytes()});
    if (grouping)
      list.push_back({Param::Pointer,
                      *grouping == Grouping::MContiguous ? "m_indices"
                      : *grouping == Grouping::MMasked   ? "masked_m"
                                                         : "ks",
                      {},
                      0});
    if (sharesTiles())
      list.push_back({Param::Workspace, "workspace", {}, 0});
    return list;
  }
};

/// Checks that `func` is a tile program this lowering handles and reads its
/// parameters. Diagnostics name what is unsupported.
FailureOr<TileProgram> matchTileProgram(gpu::GPUFuncOp func) {
  TileProgram p;
  p.func = func;
  p.spec = func->getAttrOfType<DictionaryAttr>(kSpecAttrName);
  if (!p.spec)
    return func.emitError("tile program has no '")
           << kSpecAttrName << "' attribute with its spec";
  auto config = p.spec.getAs<ConfigAttr>("config");
  if (!config || !config.isComplete())
    return func.emitError("tile program's spec has no complete config");
  p.a = p.spec.getAs<OperandAttr>("a");
  p.b = p.spec.getAs<OperandAttr>("b");
  p.c = p.spec.getAs<OperandAttr>("c");
  p.d = p.spec.getAs<OperandAttr>("d");
  if (auto grouping = p.spec.getAs<GroupingAttr>("grouping"))
    p.grouping = grouping.getValue();
  if (!p.a || !p.b || !p.d)
    return func.emitError("tile program's spec lacks operand a, b or d");
  p.stages = config.getStages();
  p.splits = config.getSplits();
  p.clusterM = config.getCluster()[0];
  p.clusterN = config.getCluster()[1];
  p.swapAB = config.getSwapAB();
  p.streamK = config.getSchedule() == Schedule::StreamK;
  if (p.clusterSize() > 2)
    return func.emitError("cluster [")
           << p.clusterM << ", " << p.clusterN
           << "] is not supported by the lowering yet (2 CTAs along M or "
              "along N, or none)";

  SmallVector<DotOp> dots;
  func.walk([&](DotOp op) { dots.push_back(op); });
  if (dots.size() != 1)
    return func.emitError("expected one gemm.dot, found ") << dots.size();
  if (p.blockScaled() == bool(dots[0].getAcc()))
    return func.emitError(p.blockScaled()
                              ? "a block-scaled tile program's gemm.dot must "
                                "not accumulate (gemm.scale_add does)"
                              : "the gemm.dot of a tile program without "
                                "block scales must accumulate");
  size_t numArgs =
      3 + p.a.isScaled() + p.b.isScaled() + bool(p.c) + bool(p.grouping);
  auto args = func.getArguments();
  if (args.size() != numArgs)
    return func.emitError("expected ")
           << numArgs << " arguments (A, its scales, B, its scales, C, D as "
           << "the spec has them), found " << args.size();
  auto aTile = cast<RankedTensorType>(dots[0].getA().getType());
  auto bTile = cast<RankedTensorType>(dots[0].getB().getType());
  p.tm = aTile.getDimSize(0);
  p.tk = aTile.getDimSize(1);
  p.tn = bTile.getDimSize(0);
  p.aType = aTile.getElementType();
  p.bType = bTile.getElementType();
  auto bMem = cast<MemRefType>(args[1 + p.a.isScaled()].getType());
  p.dType = p.d.getElementType();
  // Grouped B has a leading group dimension.
  p.n = bMem.getDimSize(bMem.getRank() - 2);
  p.k = bMem.getDimSize(bMem.getRank() - 1);
  p.kBlocks = ShapedType::isDynamic(p.k) ? 0 : llvm::divideCeil(p.k, p.tk);

  if (p.swapAB) {
    if (p.tm % 8 != 0 || p.tm > 128 ||
        (p.tn != 64 && p.tn != 128 && p.tn != 256) ||
        (p.tn == 256 && p.tm > 64))
      return func.emitError("tile [")
             << p.tm << ", " << p.tn
             << "] with swap_ab is not supported (M a multiple of 8 up to "
                "128, N 64 or 128, or N 256 with M up to 64)";
    if (p.grouping || p.clusterSize() > 1 || p.aMNMajor() || p.bMNMajor())
      return func.emitError("swap_ab is lowered for ungrouped GEMMs of "
                            "k_major operands without clusters only");
    if (p.blockScaled() && p.tm * TileProgram::scaleBytes(p.a) % 16 != 0)
      return func.emitError("tile M ")
             << p.tm
             << " gives A scale boxes that are not a multiple of "
                "16 bytes";
  } else if (p.tm != 64 && p.tm != 128 && p.tm != 256) {
    return func.emitError("tile M ")
           << p.tm << " is not supported by the lowering yet (64, 128 or 256)";
  }
  if (p.tk * p.inBytes() != kTileKBytes)
    return func.emitError("tile K ")
           << p.tk << " must span " << kTileKBytes << " bytes of " << p.aType;
  if (p.tn % 8 != 0 || p.tn > 256)
    return func.emitError("tile N ")
           << p.tn
           << " is not supported by the lowering (a multiple of 8 "
              "up to 256)";
  // With 128x128 B scales the promotion takes each column's scale from one
  // of (at most) two blocks. A swapped tile's math warpgroups each lie
  // inside one block (64 rows of 256).
  if (p.sbSpans() && p.sbSpansThree())
    return func.emitError("tile N ")
           << p.tn << " over N = " << p.n
           << " has tiles spanning three 128-row blocks of B scales; the "
              "lowering takes two";
  // The promoted loop keeps each wave's accumulator and one block's
  // fragment in registers (232 a thread, of which about 40 address, count
  // and scale).
  if (p.blockScaled() && !p.swapAB &&
      (p.numWaves() + 1) * p.fragCols() / 2 > 192)
    return func.emitError("tile [")
           << p.tm << ", " << p.tn << "] needs "
           << (p.numWaves() + 1) * p.fragCols() / 2
           << " accumulator registers a thread for the promotion (at most "
              "192: tile N up to 192, or 128 for tile M 256)";
  if (p.aType != p.a.getElementType() || p.bType != p.b.getElementType())
    return func.emitError("the gemm.dot's operand types differ from the spec");
  for (OperandAttr x : {p.a, p.b})
    if (x.getMajor() != Major::K && x.isFP8())
      return func.emitError("FP8 operand ")
             << x << " must be k_major: FP8 wgmma reads K-major operands";
  if (p.bMNMajor() && p.tn % p.rowElems() != 0)
    return func.emitError("tile N ")
           << p.tn << " of an N-major B must be a multiple of " << p.rowElems()
           << " (its TMA boxes are 128 bytes wide)";
  if (p.blockScaled() && p.b.getScaleKind() != ScaleKind::Block)
    return func.emitError("block-scaled A needs block-scaled B");
  for (OperandAttr x : {p.a, p.b})
    if (x.isScaled() && !x.getScaleType().isF32() &&
        x.getScaleKind() != ScaleKind::Block)
      return func.emitError("scales of type ")
             << x.getScaleType()
             << " are lowered for block scales only (f32 otherwise)";
  if (p.d.getMajor() != Major::N)
    return func.emitError("output D must be n_major for the lowering");
  if (p.c && (p.c.getElementType() != p.dType || p.c.getMajor() != Major::N))
    return func.emitError("C must have D's type and layout (")
           << p.dType << ", n_major) for the lowering, not " << p.c;
  if (ShapedType::isDynamic(p.n) ||
      (ShapedType::isDynamic(p.k) && !p.kGrouped()))
    return func.emitError("N and K must be static (K may be dynamic for "
                          "k_contiguous grouping)");
  if (p.mGrouped() &&
      (!p.blockScaled() || p.sbPerColumn() || p.c || p.splits > 1))
    return func.emitError("M-grouped tile programs are lowered for the "
                          "block-scaled recipe (A 1x128, B 128x128) without "
                          "C or split-K only");
  if (p.kGrouped()) {
    if (!p.blockScaled() || !p.sbPerColumn() || p.splits > 1 ||
        !p.dType.isF32())
      return func.emitError("k_contiguous tile programs are lowered for "
                            "1x128 block scales on both operands, f32 D and "
                            "no split-K only");
    // The groups' outputs are stacked along M: a tile must not reach into
    // the next group's rows.
    auto aMem = cast<MemRefType>(args[0].getType());
    if (!aMem.isDynamicDim(0) && aMem.getDimSize(0) % p.tm != 0)
      return func.emitError("k_contiguous needs M (")
             << aMem.getDimSize(0) << ") to be a multiple of tile M " << p.tm
             << ": the groups' outputs are stacked along M";
  }
  if (p.splits > 1 && (p.kBlocks % p.splits != 0 || p.c))
    return func.emitError("split_k ")
           << p.splits << " needs a divisor of the " << p.kBlocks
           << " K blocks and no C (C with split-K is not supported by the "
              "lowering yet)";
  // A hand-written tile program has not been through the spec verifier.
  if (p.streamK && (p.grouping || p.splits > 1 || p.c || p.swapAB ||
                    p.clusterSize() > 1 || ShapedType::isDynamic(p.k)))
    return func.emitError("schedule stream_k is lowered for ungrouped GEMMs "
                          "of a static K without C, split_k, swap_ab or "
                          "clusters only");
  if (p.clusterSize() > 1) {
    if (p.grouping || p.splits > 1)
      return func.emitError("a cluster of ")
             << p.clusterSize()
             << " CTAs is lowered for ungrouped GEMMs without split-K only";
    // Each CTA's share of the shared operand's tile is whole boxes, each a
    // multiple of the 8 rows of the 128-byte swizzle pattern.
    bool sharesA = p.clusterN > 1;
    int64_t rows = sharesA ? p.tm : p.tn;
    int64_t boxRows = sharesA ? p.aBoxRows() : p.bBoxRows();
    if (boxRows % 8 != 0 || rows % (boxRows * p.clusterSize()) != 0)
      return func.emitError("tile ")
             << (sharesA ? "M " : "N ") << rows
             << " cannot be shared by a cluster of " << p.clusterSize()
             << " CTAs (each needs a multiple of "
             << ((sharesA ? p.aMNMajor() : p.bMNMajor()) ? p.rowElems() : 8)
             << " rows of " << (sharesA ? "A" : "B") << ")";
  }
  // A hand-written tile program's config has not been through the spec
  // verifier: bound the stages before sizing shared memory by them.
  if (p.stages < 1 || p.stages > 64)
    return func.emitError("stages ") << p.stages << " must be in [1, 64]";
  if (p.smemBytes() > sm90::kMaxSharedMemoryBytes)
    return func.emitError("the kernel needs ")
           << p.smemBytes() << " bytes of shared memory for tile [" << p.tm
           << ", " << p.tn << ", " << p.tk << "] with " << p.stages
           << " stages, over the " << sm90::kMaxSharedMemoryBytes
           << " bytes of an sm_90 CTA";
  return p;
}

NVVM::WGMMATypes wgmmaType(Type t) {
  if (isa<Float8E5M2Type>(t))
    return NVVM::WGMMATypes::e5m2;
  if (t.isBF16())
    return NVVM::WGMMATypes::bf16;
  if (t.isF16())
    return NVVM::WGMMATypes::f16;
  return NVVM::WGMMATypes::e4m3;
}

/// Builds the kernel body. Index arithmetic goes through small helpers so
/// that the structure stays readable.
class KernelBuilder {
public:
  KernelBuilder(OpBuilder &b, Location loc, const TileProgram &p,
                int64_t probeUnroll, int64_t streamKMinBlocks)
      : b(b), loc(loc), p(p), ctx(b.getContext()),
        probeUnroll(probeUnroll > 0 ? probeUnroll : p.defaultProbeUnroll()),
        streamKMinBlocks(streamKMinBlocks) {}

  void build(gpu::GPUFuncOp kernel);

private:
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i32(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
  }
  Value i64(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivUIOp::create(b, loc, x, y); }
  Value rem(Value x, Value y) { return arith::RemUIOp::create(b, loc, x, y); }
  Value andi(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value ult(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
  }
  Value eq(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  }
  /// `v` through a compiler fence: an empty `llvm.inline_asm` that reads
  /// and redefines the register ("=f,0") and has side effects, so that the
  /// ops computing `v` stay before the fence and those using it after, in
  /// program order with the other side-effecting ops (the wgmmas). It emits
  /// no instruction. CUTLASS calls this warpgroup_fence_operand; MLIR's
  /// NVVM dialect has no op for it (nvvm.wgmma.fence orders the tensor
  /// cores' register accesses, not the compiler's code motion).
  Value fenceRegister(Value v) {
    return LLVM::InlineAsmOp::create(
               b, loc, v.getType(), ValueRange{v}, /*asm_string=*/"",
               /*constraints=*/"=f,0", /*has_side_effects=*/true,
               /*is_align_stack=*/false, LLVM::tailcallkind::TailCallKind::None,
               LLVM::AsmDialectAttr(), /*operand_attrs=*/ArrayAttr())
        .getResult(0);
  }
  /// `v` (an index the same in all lanes of the warp) read from lane 0,
  /// so that ptxas knows it is warp-uniform.
  Value warpUniform(Value v) {
    Value v32 = arith::IndexCastUIOp::create(b, loc, b.getI32Type(), v);
    Value lane0 =
        gpu::ShuffleOp::create(b, loc, v32, 0, 32, gpu::ShuffleMode::IDX)
            .getShuffleResult();
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), lane0);
  }
  Value toI64(Value v) {
    return arith::IndexCastUIOp::create(b, loc, b.getI64Type(), v);
  }
  /// A signed i32 (a group index or size read from a tensor) as an index.
  Value toIndex(Value i32Value) {
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), i32Value);
  }
  /// The address of element `index` of `elem`s from pointer `base`.
  Value elementPtr(Value base, Type elem, Value index) {
    return LLVM::GEPOp::create(b, loc, LLVM::LLVMPointerType::get(ctx), elem,
                               base, ValueRange{toI64(index)});
  }
  /// Element `index` of the global tensor passed as the pointer `tensor`.
  Value loadGlobal(StringRef tensor, Type elem, Value index) {
    return LLVM::LoadOp::create(b, loc, elem,
                                elementPtr(args[tensor], elem, index));
  }
  /// Parity of round `r` of a stage, as the i1 mbarrier waits take.
  Value parity(Value round) {
    return arith::IndexCastUIOp::create(b, loc, b.getI1Type(),
                                        andi(round, idx(1)));
  }
  /// The producer's wait before filling stage ring position `iter`: from
  /// the second round on, until the math warpgroups have released the
  /// stage (the previous round's phase of its `empty` barrier completed).
  void waitReleased(Value iter) {
    Value stage = rem(iter, idx(p.stages));
    Value round = div(iter, idx(p.stages));
    ifThen(ult(idx(p.stages - 1), iter), [&] {
      nvgpu::MBarrierTryWaitParityOp::create(
          b, loc, empty, parity(add(round, idx(1))), idx(10000000), stage);
    });
  }

  Attribute workgroup() {
    return gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  }
  MemRefType smemType(ArrayRef<int64_t> shape, Type elem) {
    return MemRefType::get(shape, elem, MemRefLayoutAttrInterface(),
                           workgroup());
  }
  nvgpu::MBarrierGroupType barrierType(int64_t count) {
    return nvgpu::MBarrierGroupType::get(ctx, workgroup(), count);
  }
  nvgpu::TensorMapDescriptorType descType(MemRefType box,
                                          nvgpu::TensorMapSwizzleKind swizzle) {
    return nvgpu::TensorMapDescriptorType::get(
        ctx, box, swizzle, nvgpu::TensorMapL2PromoKind::L2PROMO_NONE,
        nvgpu::TensorMapOOBKind::OOB_ZERO,
        nvgpu::TensorMapInterleaveKind::INTERLEAVE_NONE);
  }
  /// Emits `body` under `scf.if cond`.
  void ifThen(Value cond, function_ref<void()> body) {
    auto ifOp = scf::IfOp::create(b, loc, cond, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&ifOp.getThenRegion().front());
    body();
  }
  /// All threads of the cluster meet (barrier.cluster, which also orders
  /// memory: arrive releases, wait acquires).
  void clusterSync() {
    NVVM::ClusterArriveOp::create(b, loc, UnitAttr());
    NVVM::ClusterWaitOp::create(b, loc, UnitAttr());
  }
  /// The thread that issues the epilogue's TMA stores: the first math
  /// thread.
  Value isStorer() { return eq(tid, idx(128)); }
  /// Where a warpgroup's promotion is not overlapped, the two math
  /// warpgroups take turns issuing their K blocks' wgmmas (a ping-pong):
  /// the tensor cores run one warpgroup's block while the other promotes
  /// its previous one. Issued together, the two blocks would finish
  /// together and both promotions would leave the tensor cores idle
  /// (docs/performance.md, item 31).
  bool pingPong() const {
    return p.blockScaled() && p.numMath() == 2 && p.numWaves() == 1 &&
           !p.overlapsPromotion();
  }
  /// The turn of math warpgroup `w` is named barrier kTurnBarrier + w:
  /// the warpgroup waits on it (bar.sync), the other one arrives on it
  /// (bar.arrive) after issuing its wgmmas. Barrier 1 is the epilogue's.
  static constexpr int64_t kTurnBarrier = 2;
  Value turnBarrier(Value mathWg) {
    return arith::IndexCastUIOp::create(b, loc, b.getI32Type(),
                                        add(mathWg, idx(kTurnBarrier)));
  }
  void takeTurn(Value mathWg) {
    NVVM::BarrierOp::create(b, loc, Type(), turnBarrier(mathWg), i32(256),
                            NVVM::BarrierReductionAttr(), Value());
  }
  void passTurn(Value mathWg) {
    NVVM::BarrierArriveOp::create(b, loc, turnBarrier(sub(idx(1), mathWg)),
                                  i32(256));
  }
  /// The shared-memory tiles the TMA boxes fill or store.
  /// Shared memory holds a TMA box outermost dimension first.
  MemRefType operandBox(bool mnMajor, int64_t rows, Type type) {
    SmallVector<int64_t, 2> box = p.operandBox(mnMajor, rows);
    return smemType({box[1], box[0]}, type);
  }
  MemRefType aBox() { return operandBox(p.aMNMajor(), p.aBoxRows(), p.aType); }
  MemRefType bBox() { return operandBox(p.bMNMajor(), p.bBoxRows(), p.bType); }
  /// How a block scale is stored: f32, or a UE8M0 byte (read as i8 and
  /// decoded by scaleValue).
  Type scaleElement(OperandAttr x) {
    return TileProgram::scaleBytes(x) == 1 ? Type(b.getI8Type())
                                           : Type(b.getF32Type());
  }
  /// A stored scale as f32: f32 as it is; a UE8M0 byte e as 2^(e - 127),
  /// which is the float whose exponent field is e (2^-127, a denormal, for
  /// 0; NaN for 255).
  Value scaleValue(Value stored) {
    if (stored.getType().isF32())
      return stored;
    Value e = arith::ExtUIOp::create(b, loc, b.getI32Type(), stored);
    Value bits = arith::ShLIOp::create(b, loc, e, i32(23));
    auto is = [&](int64_t v) {
      return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, e, i32(v));
    };
    bits = arith::SelectOp::create(b, loc, is(0), i32(0x00400000), bits);
    bits = arith::SelectOp::create(b, loc, is(255), i32(0x7FC00000), bits);
    return arith::BitcastOp::create(b, loc, b.getF32Type(), bits);
  }
  MemRefType saBox() { return smemType({1, p.tm}, scaleElement(p.a)); }
  MemRefType sbBox() { return smemType({1, p.tn}, scaleElement(p.b)); }
  MemRefType dBox() { return smemType({p.tm, p.dBoxCols()}, p.dType); }
  /// A typed view of the dynamic shared memory at `offset` bytes past the
  /// aligned base.
  Value view(Value offset, MemRefType type) {
    return memref::ViewOp::create(b, loc, type, smem, add(alignPad, offset),
                                  ValueRange{});
  }
  /// wgmma descriptor of a 128-byte-swizzled tile at shared address
  /// `addr` (bytes): start address >> 4; swizzle mode 1 (128 bytes) in bits
  /// 62-63; the stride byte offset, 1024 >> 4, steps over 8 rows of 128
  /// bytes (8 rows of M or N when K-major, 8 K indices when MN-major); the
  /// leading byte offset is unused for K-major (1), and steps from one
  /// 64-wide box of M or N to the next when MN-major.
  Value wgmmaDescriptor(Value addr, bool mnMajor) {
    uint64_t leading = mnMajor ? (p.tk * kTileKBytes) >> 4 : 1;
    uint64_t fixed =
        (uint64_t(1) << 62) | (uint64_t(1024 >> 4) << 32) | (leading << 16);
    Value start =
        arith::ShRUIOp::create(b, loc, andi(addr, i64(0x3FFFF)), i64(4));
    return arith::OrIOp::create(b, loc, start, i64(fixed));
  }

  /// One unit of a CTA's work: a tile, or with split-K one split of it,
  /// and how many units the CTA did before.
  struct WorkItem {
    Value tmIdx, tnIdx, split, count;
    /// Grouped: the tile's group, and the tile's index along M inside the
    /// group (masked and K-grouped; the global one otherwise).
    Value group, localTile;
    /// Its K blocks: `kCount` from block `kFirst`, and its position in the
    /// stage ring (the K blocks this CTA loaded before). Static except for
    /// K-grouped and stream-K tiles: split * kPerSplit, kPerSplit, count *
    /// kPerSplit.
    Value kFirst, kCount, ring;
    /// Stream-K, where kCount is not the tile's K blocks: the workspace
    /// slots of the tile's pieces, packed into one index (PieceSlots), so
    /// that one value instead of the CTA's range and the tile's position
    /// stays live through the K loop (more made ptxas spill in it).
    Value pieceSlots;
  };
  /// Emits a loop over the work items of this CTA and calls `body` for
  /// each.
  /// Returns the stage ring's position after the CTA's last item.
  Value forEachTile(function_ref<void(const WorkItem &)> body);
  Value forEachStreamKItem(function_ref<void(const WorkItem &)> body);
  /// Tile `tile` of the rasterized order: its (M, N) tile indices, with
  /// `rasterRows` rows of tiles along M and `rasterGroup` rows a group.
  std::pair<Value, Value> rasterize(Value tile, Value rasterRows,
                                    int64_t rasterGroup);
  /// Raster groups of kRasterGroup rows of tiles (forEachTile).
  static constexpr int64_t kRasterGroup = 8;
  /// Stream-K: the K blocks a share is a multiple of, its loop's unroll
  /// where that divides the tile's K blocks, so that no share ends inside
  /// an iteration.
  int64_t streamKGranule() const {
    return p.kBlocks % loopUnroll() == 0 ? loopUnroll() : 1;
  }
  /// K blocks an iteration of the tile's K loop.
  int64_t loopUnroll() const;
  /// The tensor-map swizzle of a span of `bytes` (0: none).
  static nvgpu::TensorMapSwizzleKind swizzleKind(int64_t bytes) {
    switch (bytes) {
    case 128:
      return nvgpu::TensorMapSwizzleKind::SWIZZLE_128B;
    case 64:
      return nvgpu::TensorMapSwizzleKind::SWIZZLE_64B;
    case 32:
      return nvgpu::TensorMapSwizzleKind::SWIZZLE_32B;
    default:
      return nvgpu::TensorMapSwizzleKind::SWIZZLE_NONE;
    }
  }
  /// Where the math threads' fragments sit in the tile; set up by
  /// buildMath.
  struct Fragment {
    Value rowInTile, colInTile, lane;
  };
  /// One K block's stage: waited for, with its scales and the shared
  /// addresses of the wgmma's operands: `rows`, this warpgroup's 64 rows
  /// (of A's tile, or with swap_ab of B's), and `cols`, the other tile.
  /// `rowView` and `colView` hold the 1x128 block scales along the
  /// fragment's rows and columns (A's and B's, swapped with swap_ab), `sb`
  /// the tile's one 128x128 B scale.
  struct StageView {
    Value stage, sb, sb2, rowView, colView, rows, cols;
  };
  /// A position in the stage ring: the stage and the parity of its round,
  /// and where the loop probes ahead `ready` (i1), whether the probe found
  /// the stage's `full` barrier complete. A loop that probes carries it
  /// from block to block (a compare and a select); the others compute it
  /// from the block's index.
  struct Ring {
    Value stage, phase, ready;
  };
  /// A non-blocking test of the stage's `full` barrier (mbarrier.test_wait,
  /// acquire, like the blocking wait).
  Value probe(const Ring &at) {
    return NVVM::MBarrierTestWaitOp::create(
        b, loc, b.getI1Type(), barrierPointer(full, at.stage),
        arith::IndexCastUIOp::create(b, loc, b.getI32Type(), at.phase));
  }
  /// The shared-memory address of barrier `index` of `barriers`, for the
  /// NVVM ops that nvgpu has no counterpart of.
  Value barrierPointer(Value barriers, Value index) {
    return LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(ctx, /*shared=*/3),
        nvgpu::MBarrierGetOp::create(b, loc, b.getI32Type(), barriers, index)
            .getResult(),
        LLVM::DereferenceableAttr());
  }
  Ring ringAt(Value iter) {
    return {rem(iter, idx(p.stages)), andi(div(iter, idx(p.stages)), idx(1))};
  }
  /// Block `kb + c`'s position: `carried` where the loop carries it, else
  /// computed from the item's.
  Ring ringOf(const Ring &carried, Value iterBase, Value kb, int64_t c) {
    return carried.stage ? carried : ringAt(add(iterBase, add(kb, idx(c))));
  }
  Ring nextInRing(Ring r) {
    Value next = add(r.stage, idx(1));
    Value wraps = eq(next, idx(p.stages));
    return {arith::SelectOp::create(b, loc, wraps, idx(0), next),
            arith::SelectOp::create(b, loc, wraps, sub(idx(1), r.phase),
                                    r.phase)};
  }
  /// Bar.sync of the math threads (named barrier 1).
  void mathBarrier() {
    NVVM::BarrierOp::create(b, loc, Type(), i32(1), i32(128 * p.numMath()),
                            NVVM::BarrierReductionAttr(), Value());
  }
  /// The 128x128 B scale of the item's K block `kb` in the row of scales
  /// that starts at `rowStart`, read from global memory, as f32.
  Value globalSb(Value rowStart, Value kb) {
    return scaleValue(
        loadGlobal("sb", scaleElement(p.b), add(rowStart, add(kBase, kb))));
  }
  void copySbRow();
  StageView waitBlock(const Fragment &f, Value mathWg, Ring at, Value kb);
  Value issueWgmmas(Value acc, Value aAddr, Value bAddr, bool accumulate);
  void release(const Fragment &f, Value stage);
  SmallVector<Value> promotedLoop(const Fragment &f, Value mathWg,
                                  Value iterBase, Value tnIdx, Value group);
  SmallVector<Value> accumulatingLoop(const Fragment &f, Value mathWg,
                                      Value iterBase);
  /// One fragment struct per wave, as the epilogue takes them, from the
  /// waves' floats one after the other.
  SmallVector<Value> fragments(ValueRange floats);
  /// `count` K blocks from `kb`: takes the carried values and, where the
  /// loop probes, the ring position of block `kb`, which it advances past
  /// the blocks (else an empty Ring); returns the carried values.
  using KBlocksFn = function_ref<SmallVector<Value>(Value kb, int64_t count,
                                                    ValueRange, Ring &)>;
  /// Runs `computeBlocks` over the work item's K blocks, `unroll` at a time
  /// (with a tail): the static kPerSplit, or K-grouped the item's kCount;
  /// the first block sits at `ring` in the stage ring.
  SmallVector<Value> forEachKBlock(int64_t unroll, Value ring, ValueRange init,
                                   KBlocksFn computeBlocks,
                                   bool probes = false);
  void buildEpilogue(ValueRange accs, Value tmIdx, Value tnIdx, Value tileCount,
                     const Fragment &f);
  /// Split-K and stream-K partial tiles (see reduceSplits).
  Value partialsStart();
  Value partialElement(Value partial, int64_t wave, int64_t i, Value mathTid);
  Value tileCounter(Value tmIdx, Value tnIdx);
  Value publishPartial(ValueRange accs, Value mathTid, Value partial,
                       Value counter, Value before);
  void reduceSplits(ValueRange accs, const WorkItem &item, Value mathTid,
                    function_ref<void(ValueRange)> epilogue);
  void streamKFixup(ValueRange accs, const WorkItem &item, Value mathTid,
                    function_ref<void(ValueRange)> epilogue);
  void buildProducer();
  void buildProducerLoop();
  void buildMath(Value wg);

  OpBuilder &b;
  Location loc;
  const TileProgram &p;
  MLIRContext *ctx;
  /// K blocks an iteration of the non-overlapped promotion loop: the pass's
  /// `probe-unroll`, or where that is 0 the tile's defaultProbeUnroll().
  int64_t probeUnroll;
  // Set up by build().
  Value tid, bid, gridSize, smem, alignPad, smemBase, base64, full, empty;
  /// The CTA's rank in its cluster (clusterSize() > 1).
  Value clusterRank;
  Value cFull;
  /// Per tile: the tile's row of 128x128 B scales, times the K blocks;
  /// with sbSpans() also the next row's and the tile-relative column at
  /// which it starts.
  Value sbBase, sbBase2, sbSplit;
  /// With stagesSbRow(): the tile's copy of those scales in shared memory.
  Value sbRow;
  /// Per work item: its first K block and its K blocks.
  Value kBase, kCount;
  /// Stream-K: a shared tile's pieces sit in workspace slots `first`,
  /// then 2c for the CTAs c after the first piece's, `count` in all; this
  /// CTA's piece in slot `mine`. Each is below 2^21 (slots of at most 2^20
  /// CTAs), packed as first | count << 21 | mine << 42.
  struct PieceSlots {
    static constexpr int64_t kBits = 21;
    Value first, count, mine;
  };
  Value packSlots(const PieceSlots &slots) {
    return add(
        slots.first,
        add(mul(slots.count, idx(int64_t(1) << PieceSlots::kBits)),
            mul(slots.mine, idx(int64_t(1) << (2 * PieceSlots::kBits)))));
  }
  PieceSlots unpackSlots(Value packed) {
    Value mask = idx((int64_t(1) << PieceSlots::kBits) - 1);
    auto field = [&](int64_t i) {
      return andi(
          arith::ShRUIOp::create(b, loc, packed, idx(i * PieceSlots::kBits)),
          mask);
    };
    return {field(0), field(1), field(2)};
  }
  /// Stream-K: the fewest K blocks a CTA's share has, where the shared
  /// tiles have that many.
  int64_t streamKMinBlocks;
  /// The kernel's parameters by tensor name: descriptors of the tensor
  /// maps, pointers otherwise.
  llvm::StringMap<Value> args;
  Value mSize, groups;
  /// The fragment type of one wave.
  Type fragType;
};

void KernelBuilder::build(gpu::GPUFuncOp kernel) {
  Block &entry = kernel.getBody().front();
  b.setInsertionPointToStart(&entry);
  SmallVector<Param> params = p.params();
  SmallVector<Value> descriptors;
  for (auto [i, param] : llvm::enumerate(params)) {
    Value arg = entry.getArgument(i);
    if (param.kind == Param::TensorMap) {
      MemRefType box = param.tensor == "a"    ? aBox()
                       : param.tensor == "b"  ? bBox()
                       : param.tensor == "sa" ? saBox()
                       : param.tensor == "sb" ? sbBox()
                                              : dBox();
      arg = UnrealizedConversionCastOp::create(
                b, loc, descType(box, swizzleKind(param.swizzle)), arg)
                .getResult(0);
      descriptors.push_back(arg);
    }
    args[param.tensor] = arg;
  }
  // After the pointers: M (max_m when masked), then the group count
  // (masked and K-grouped).
  auto intArg = [&](unsigned i) -> Value {
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(),
                                        entry.getArgument(i));
  };
  mSize = intArg(params.size());
  if (p.takesGroups())
    groups = intArg(params.size() + 1);

  tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  gridSize = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  // The warpgroup, broadcast from lane 0: tid / 128 is the same in every
  // lane of a warp, but ptxas does not prove it, and then computes the
  // addresses and wgmma descriptors derived from it per thread and moves
  // each to a uniform register before its wgmma (R2UR). Broadcast, they
  // stay on the uniform datapath (docs/performance.md, item 41).
  Value wg = warpUniform(div(tid, idx(128)));

  smem = gpu::DynamicSharedMemoryOp::create(
      b, loc, smemType({ShapedType::kDynamic}, b.getI8Type()));
  smemBase = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, smem);
  alignPad =
      rem(sub(idx(kSwizzleAtomBytes), rem(smemBase, idx(kSwizzleAtomBytes))),
          idx(kSwizzleAtomBytes));
  base64 = toI64(add(smemBase, alignPad));

  full = nvgpu::MBarrierCreateOp::create(b, loc, barrierType(p.stages));
  empty = nvgpu::MBarrierCreateOp::create(b, loc, barrierType(p.stages));
  if (p.c)
    cFull = nvgpu::MBarrierCreateOp::create(b, loc, barrierType(1));
  ifThen(eq(tid, idx(0)), [&] {
    for (int64_t s = 0; s < p.stages; ++s) {
      nvgpu::MBarrierInitOp::create(b, loc, full, idx(1), idx(s), Value());
      // Every math warp of the cluster releases the stage: the CTAs'
      // producers write the shared operand's rows into each other's stages.
      nvgpu::MBarrierInitOp::create(
          b, loc, empty, idx(4 * p.numMath() * p.clusterSize()), idx(s),
          Value());
    }
    if (cFull)
      nvgpu::MBarrierInitOp::create(b, loc, cFull, idx(1), idx(0), Value());
    // Make the initialized barriers visible to the TMA unit (async proxy)
    // before anyone uses them.
    NVVM::FenceMbarrierInitOp::create(b, loc);
    for (Value desc : descriptors)
      nvgpu::TmaPrefetchOp::create(b, loc, desc, Value());
  });
  if (p.clusterSize() > 1) {
    clusterRank = gpu::ClusterBlockIdOp::create(b, loc, gpu::Dimension::x);
    // The other CTAs' barriers are initialized before anyone multicasts
    // into this CTA or arrives on its barriers.
    clusterSync();
  } else {
    gpu::BarrierOp::create(b, loc);
  }

  auto isProducer = scf::IfOp::create(b, loc, eq(wg, idx(0)), true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&isProducer.getThenRegion().front());
    buildProducer();
    b.setInsertionPointToStart(&isProducer.getElseRegion().front());
    buildMath(wg);
  }
  // A CTA's shared memory must outlive the other CTAs' multicasts into it
  // and their arrivals on its barriers: its producer waits for the last
  // releases (buildProducerLoop), which come after both.
  gpu::ReturnOp::create(b, loc);
}

// Tiles are numbered in groups of kRasterGroup rows of tiles, column by
// column inside a group, so that the CTAs running at the same time share
// rows of A and columns of B in L2. A CTA takes tiles bid, bid + grid, ...:
// one tile with the data-parallel grid, several with the persistent one.
// Grouped tiles without work (padding, or past a group's valid rows) are
// skipped by producer and math alike and do not advance the stage ring.
// K-grouped tiles are numbered group after group (rasterized inside the
// group), so a CTA meets the groups in order and finds each group's first
// K block by adding up the sizes of the groups it passed since its last
// tile.
std::pair<Value, Value> KernelBuilder::rasterize(Value tile, Value rasterRows,
                                                 int64_t rasterGroup) {
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  if (p.clusterN > 1)
    nTiles = llvm::divideCeil(nTiles, p.clusterN);
  Value groupSize = idx(rasterGroup * nTiles);
  Value rasterIdx = div(tile, groupSize);
  Value firstM = mul(rasterIdx, idx(rasterGroup));
  Value rows =
      arith::MinUIOp::create(b, loc, sub(rasterRows, firstM), idx(rasterGroup));
  Value inGroup = rem(tile, groupSize);
  return {add(firstM, rem(inGroup, rows)), div(inGroup, rows)};
}

Value KernelBuilder::forEachTile(function_ref<void(const WorkItem &)> body) {
  if (p.streamK)
    return forEachStreamKItem(body);
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  Value mTiles = arith::CeilDivUIOp::create(b, loc, mSize, idx(p.tm));
  Value tilesPerGroup = mTiles;
  if (p.takesGroups())
    mTiles = mul(groups, tilesPerGroup);
  // In a cluster the work items are the cluster's: clusterM consecutive
  // tiles of a column (clusterN of a row), one per CTA by rank. The last
  // may lie past M (N): its CTA loads zeros and its TMA store writes
  // nothing, but it still loads its share of the shared operand.
  Value first = bid, step = gridSize;
  if (p.clusterM > 1)
    mTiles = arith::CeilDivUIOp::create(b, loc, mTiles, idx(p.clusterM));
  if (p.clusterN > 1)
    nTiles = llvm::divideCeil(nTiles, p.clusterN);
  if (p.clusterSize() > 1) {
    first = gpu::ClusterIdOp::create(b, loc, gpu::Dimension::x);
    step = gpu::ClusterDimOp::create(b, loc, gpu::Dimension::x);
  }
  int64_t rasterGroup = kRasterGroup / p.clusterM;
  Value numItems = mul(mul(mTiles, idx(nTiles)), idx(p.splits));
  Value rasterRows = p.kGrouped() ? tilesPerGroup : mTiles;
  // Carried: the items done; K-grouped also the stage ring position, and
  // the group of the last tile with its first K block.
  SmallVector<Value> init = {idx(0)};
  if (p.kGrouped())
    init.append({idx(0), idx(0), idx(0)});
  auto blocksOf = [&](Value group) {
    return div(toIndex(loadGlobal("ks", b.getI32Type(), group)), idx(p.tk));
  };
  // The stage ring's position after the items the carried values count.
  auto ringAfter = [&](ValueRange carried) {
    return p.kGrouped() ? carried[1] : mul(carried[0], idx(p.kPerSplit()));
  };
  auto items = scf::ForOp::create(
      b, loc, first, numItems, step, init,
      [&](OpBuilder &, Location, Value itemIdx, ValueRange iter) {
        // The splits of a tile are consecutive items, so they run at the
        // same time.
        Value tile = div(itemIdx, idx(p.splits));
        WorkItem item;
        if (p.kGrouped()) {
          Value perGroup = mul(tilesPerGroup, idx(nTiles));
          item.group = div(tile, perGroup);
          tile = rem(tile, perGroup);
        }
        std::tie(item.tmIdx, item.tnIdx) =
            rasterize(tile, rasterRows, rasterGroup);
        if (p.clusterM > 1)
          item.tmIdx = add(mul(item.tmIdx, idx(p.clusterM)), clusterRank);
        if (p.clusterN > 1)
          item.tnIdx = add(mul(item.tnIdx, idx(p.clusterN)), clusterRank);
        item.split = rem(itemIdx, idx(p.splits));
        item.count = iter[0];
        item.localTile = item.tmIdx;
        Value valid;
        if (p.grouping == Grouping::MContiguous) {
          // The group of the tile's first row; -1 marks padding.
          Value g = loadGlobal("m_indices", b.getI32Type(),
                               mul(item.tmIdx, idx(p.tm)));
          valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, g,
                                        i32(0));
          item.group = toIndex(g);
        } else if (p.grouping == Grouping::MMasked) {
          item.group = div(item.tmIdx, tilesPerGroup);
          item.localTile = rem(item.tmIdx, tilesPerGroup);
          Value validRows =
              toIndex(loadGlobal("masked_m", b.getI32Type(), item.group));
          valid = ult(mul(item.localTile, idx(p.tm)), validRows);
        }
        SmallVector<Value> next = {add(item.count, idx(1))};
        if (p.kGrouped()) {
          item.tmIdx = add(mul(item.group, tilesPerGroup), item.localTile);
          auto skipped = scf::ForOp::create(
              b, loc, iter[2], item.group, idx(1), ValueRange{iter[3]},
              [&](OpBuilder &, Location, Value g, ValueRange first) {
                scf::YieldOp::create(b, loc, add(first[0], blocksOf(g)));
              });
          item.kFirst = skipped.getResult(0);
          item.kCount = blocksOf(item.group);
          item.ring = ringAfter(iter);
          next.append({add(item.ring, item.kCount), item.group, item.kFirst});
        } else {
          item.kFirst = mul(item.split, idx(p.kPerSplit()));
          item.kCount = idx(p.kPerSplit());
          item.ring = ringAfter(iter);
        }
        if (!valid) {
          body(item);
          scf::YieldOp::create(b, loc, next);
          return;
        }
        ifThen(valid, [&] { body(item); });
        Value count =
            arith::SelectOp::create(b, loc, valid, next[0], item.count);
        scf::YieldOp::create(b, loc, count);
      });
  return ringAfter(items.getResults());
}

// Stream-K: the CTAs first walk the full rounds of tiles as the
// persistent schedule does (tile bid + i * grid, rasterized). The tiles
// left over, fewer than the CTAs, would leave the other SMs idle for a
// whole tile; instead their K blocks, tile after tile, in granules of
// streamKGranule() blocks, are divided into `sharers` contiguous ranges of
// (nearly) equal length, one per CTA. Sharers are the grid, or fewer where
// a share would be under streamKMinBlocks (each partial tile costs a write
// and a read), but at least the shared tiles, so that a range is at most a
// tile's K blocks: the end of one tile, the start of the next, or both.
// Each piece is a work item; the math side adds the pieces of a tile
// (streamKFixup).
Value KernelBuilder::forEachStreamKItem(
    function_ref<void(const WorkItem &)> body) {
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  int64_t granule = streamKGranule();
  int64_t perTile = p.kBlocks / granule;
  Value mTiles = arith::CeilDivUIOp::create(b, loc, mSize, idx(p.tm));
  Value tiles = mul(mTiles, idx(nTiles));
  Value rounds = div(tiles, gridSize);
  Value firstShared = mul(rounds, gridSize);
  Value shared = sub(tiles, firstShared);
  Value skUnits = mul(shared, idx(perTile));
  int64_t minGranules =
      std::max<int64_t>(1, llvm::divideCeil(streamKMinBlocks, granule));
  auto maxui = [&](Value x, Value y) {
    return arith::MaxUIOp::create(b, loc, x, y).getResult();
  };
  auto minui = [&](Value x, Value y) {
    return arith::MinUIOp::create(b, loc, x, y).getResult();
  };
  Value skSharers =
      minui(gridSize, maxui(shared, div(skUnits, idx(minGranules))));
  // CTA c's range is [c * units / sharers, (c + 1) * units / sharers),
  // empty past the sharers (and without shared tiles).
  Value denominator = maxui(skSharers, idx(1));
  auto rangeStart = [&](Value cta) {
    return minui(div(mul(cta, skUnits), denominator), skUnits);
  };
  Value skStart = rangeStart(bid);
  Value end = rangeStart(add(bid, idx(1)));
  Value firstTile = div(skStart, idx(perTile));
  Value pieces = arith::SelectOp::create(
      b, loc, ult(skStart, end),
      add(sub(div(sub(end, idx(1)), idx(perTile)), firstTile), idx(1)), idx(0));
  Value numItems = add(rounds, pieces);
  auto items = scf::ForOp::create(
      b, loc, idx(0), numItems, idx(1), ValueRange{idx(0), idx(0)},
      [&](OpBuilder &, Location, Value u, ValueRange iter) {
        Value isShared =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, u, rounds);
        auto pick = [&](Value ifShared, Value otherwise) {
          return arith::SelectOp::create(b, loc, isShared, ifShared, otherwise)
              .getResult();
        };
        WorkItem item;
        // For a full-round item these wrap around and are not used.
        Value sharedTile = add(firstTile, sub(u, rounds));
        Value tileStart = mul(sharedTile, idx(perTile));
        Value from = maxui(skStart, tileStart);
        Value to = minui(end, add(tileStart, idx(perTile)));
        Value tile =
            pick(add(firstShared, sharedTile), add(bid, mul(u, gridSize)));
        // The CTAs whose ranges meet the tile's granules: CTA
        // ((x + 1) * sharers - 1) / units owns granule x. A CTA whose range
        // starts before the tile has its second piece there (slot 2c + 1).
        Value units = maxui(skUnits, idx(1));
        auto owner = [&](Value granule) {
          return div(sub(mul(add(granule, idx(1)), skSharers), idx(1)), units);
        };
        auto slot = [&](Value cta, Value rangeStart) {
          return add(mul(cta, idx(2)),
                     arith::IndexCastUIOp::create(b, loc, b.getIndexType(),
                                                  ult(rangeStart, tileStart))
                         .getResult());
        };
        Value first = owner(tileStart);
        Value last = owner(add(tileStart, idx(perTile - 1)));
        item.pieceSlots =
            packSlots({slot(first, rangeStart(first)),
                       add(sub(last, first), idx(1)), slot(bid, skStart)});
        std::tie(item.tmIdx, item.tnIdx) =
            rasterize(tile, mTiles, kRasterGroup);
        item.localTile = item.tmIdx;
        item.count = iter[0];
        item.kFirst = pick(mul(sub(from, tileStart), idx(granule)), idx(0));
        item.kCount = pick(mul(sub(to, from), idx(granule)), idx(p.kBlocks));
        item.ring = iter[1];
        body(item);
        scf::YieldOp::create(
            b, loc,
            ValueRange{add(item.count, idx(1)), add(item.ring, item.kCount)});
      });
  return items.getResult(1);
}

void KernelBuilder::buildProducer() {
  NVVM::SetMaxRegisterOp::create(b, loc, kProducerRegisters,
                                 NVVM::SetMaxRegisterAction::decrease);
  ifThen(eq(tid, idx(0)), [&] { buildProducerLoop(); });
}

void KernelBuilder::buildProducerLoop() {
  Value ringEnd = forEachTile([&](const WorkItem &item) {
    // K-grouped tiles of every group read the same rows of A.
    Value rowA = mul(p.kGrouped() ? item.localTile : item.tmIdx, idx(p.tm));
    Value rowB = mul(item.tnIdx, idx(p.tn));
    // M-grouped: B's rows of the group; masked A scales are the groups'
    // (K blocks, max_m) blocks stacked.
    Value saCol = rowA, saRowBase = idx(0);
    if (p.mGrouped()) {
      rowB = add(mul(item.group, idx(p.n)), rowB);
      if (*p.grouping == Grouping::MMasked) {
        saCol = mul(item.localTile, idx(p.tm));
        saRowBase = mul(item.group, idx(p.kBlocks));
      }
    }
    scf::ForOp::create(
        b, loc, idx(0), item.kCount, idx(1), ValueRange{},
        [&](OpBuilder &, Location, Value kbInItem, ValueRange) {
          Value iter = add(item.ring, kbInItem);
          Value kb = add(item.kFirst, kbInItem);
          Value stage = rem(iter, idx(p.stages));
          waitReleased(iter);
          nvgpu::MBarrierArriveExpectTxOp::create(
              b, loc, full, idx(p.txBytes()), stage, Value());
          auto load = [&](StringRef tensor, Value offset, int64_t stageBytes,
                          MemRefType box, Value x, Value y,
                          Value multicast = Value()) {
            nvgpu::TmaAsyncLoadOp::create(
                b, loc, view(add(offset, mul(stage, idx(stageBytes))), box),
                full, args[tensor], ValueRange{x, y}, stage, multicast,
                Value());
          };
          Value kCol = mul(kb, idx(p.tk));
          // A K-major tile is one box (B's in a cluster: one per CTA); an
          // MN-major one a box per 64 rows of M (N), each 64 x 128 bytes.
          // With `share` CTAs, each loads every share-th box, offset by its
          // rank, and multicasts it to all of them.
          auto loadOperand = [&](StringRef tensor, int64_t offset,
                                 int64_t stageBytes, MemRefType box,
                                 bool mnMajor, int64_t rows, int64_t boxRows,
                                 Value row, int64_t share) {
            Value multicast;
            if (share > 1)
              multicast = arith::ConstantIntOp::create(
                  b, loc, b.getI16Type(), (int64_t(1) << share) - 1);
            for (int64_t j = 0; j < rows / boxRows / share; ++j) {
              Value r = idx(j * share * boxRows);
              if (share > 1)
                r = add(r, mul(clusterRank, idx(boxRows)));
              Value at = add(row, r);
              load(tensor, add(idx(offset), mul(r, idx(kTileKBytes))),
                   stageBytes, box, mnMajor ? at : kCol, mnMajor ? kCol : at,
                   multicast);
            }
          };
          loadOperand("a", 0, p.aStageBytes(), aBox(), p.aMNMajor(), p.tm,
                      p.aBoxRows(), rowA, p.clusterN);
          loadOperand("b", p.offB(), p.bStageBytes(), bBox(), p.bMNMajor(),
                      p.tn, p.bBoxRows(), rowB, p.clusterM);
          if (p.blockScaled())
            load("sa", idx(p.offSA()), p.saStageBytes(), saBox(), saCol,
                 add(saRowBase, kb));
          if (p.sbPerColumn())
            load("sb", idx(p.offSB()), p.sbStageBytes(), sbBox(), rowB, kb);
          scf::YieldOp::create(b, loc);
        });
  });
  // In a cluster, the CTA exits once every stage it filled has been
  // released, by its own math warpgroups and by the other CTAs' (which
  // arrive on this CTA's `empty` barriers for the stages multicast to
  // them): no arrival on its barriers and no multicast into its shared
  // memory is then in flight. DeepGEMM ends its clusters the same way; a
  // cluster barrier before exit instead held every warp of the pair until
  // the slower CTA finished, 5-6% slower (docs/performance.md, item 57).
  if (p.clusterSize() > 1)
    for (int64_t s = 0; s < p.stages; ++s)
      waitReleased(add(ringEnd, idx(s)));
}

// The math threads copy the item's kCount B scales (and with sbSpans()
// the next row's after them) into shared memory, as f32, before its first
// K block, then meet. No thread overwrites scales that another still
// reads: every math thread has passed the previous tile's loop, where they
// are read, at the previous epilogue's barriers.
void KernelBuilder::copySbRow() {
  sbRow = view(idx(p.offSbRow()), smemType({p.sbRowCount()}, b.getF32Type()));
  Value mathTid = sub(tid, idx(128));
  auto copy = [&](Value rowStart, int64_t to) {
    scf::ForOp::create(
        b, loc, mathTid, kCount, idx(128 * p.numMath()), ValueRange{},
        [&](OpBuilder &, Location, Value i, ValueRange) {
          memref::StoreOp::create(b, loc, globalSb(rowStart, i), sbRow,
                                  add(i, idx(to)));
          scf::YieldOp::create(b, loc);
        });
  };
  copy(sbBase, 0);
  if (p.sbSpans())
    copy(sbBase2, p.kPerSplit());
  mathBarrier();
}

KernelBuilder::StageView KernelBuilder::waitBlock(const Fragment &f,
                                                  Value mathWg, Ring at,
                                                  Value kb) {
  Value stage = at.stage;
  StageView blk;
  blk.stage = stage;
  // The tile's 128x128 B scale; loaded before the wait and first used in
  // the promotion, so that its latency hides behind the wait and the
  // block's wgmmas.
  if (sbRow) {
    blk.sb = memref::LoadOp::create(b, loc, sbRow, kb);
    if (p.sbSpans())
      blk.sb2 =
          memref::LoadOp::create(b, loc, sbRow, add(kb, idx(p.kPerSplit())));
  } else if (p.blockScaled() && !p.sbPerColumn()) {
    blk.sb = globalSb(sbBase, kb);
    if (p.sbSpans())
      blk.sb2 = globalSb(sbBase2, kb);
  }
  auto wait = [&] {
    nvgpu::MBarrierTryWaitParityOp::create(b, loc, full, parity(at.phase),
                                           idx(10000000), stage);
  };
  if (at.ready)
    ifThen(arith::XOrIOp::create(b, loc, at.ready,
                                 arith::ConstantIntOp::create(
                                     b, loc, b.getI1Type(), 1)),
           wait);
  else
    wait();
  Value saView, sbView;
  if (p.blockScaled())
    saView = view(add(idx(p.offSA()), mul(stage, idx(p.saStageBytes()))),
                  smemType({p.tm}, scaleElement(p.a)));
  if (p.sbPerColumn())
    sbView = view(add(idx(p.offSB()), mul(stage, idx(p.sbStageBytes()))),
                  smemType({p.tn}, scaleElement(p.b)));
  Value aTile = mul(stage, idx(p.aStageBytes()));
  Value bTile = add(idx(p.offB()), mul(stage, idx(p.bStageBytes())));
  if (p.swapAB) {
    std::swap(aTile, bTile);
    std::swap(saView, sbView);
  }
  blk.rowView = saView;
  blk.colView = sbView;
  blk.rows = add(base64, toI64(add(mul(mathWg, idx(64 * kTileKBytes)), aTile)));
  blk.cols = add(base64, toI64(bTile));
  return blk;
}

Value KernelBuilder::issueWgmmas(Value acc, Value aAddr, Value bAddr,
                                 bool accumulate) {
  auto shape = NVVM::MMAShapeAttr::get(ctx, 64, p.fragCols(), p.wgmmaK());
  auto typeA =
      NVVM::WGMMATypesAttr::get(ctx, wgmmaType(p.swapAB ? p.bType : p.aType));
  auto typeB =
      NVVM::WGMMATypesAttr::get(ctx, wgmmaType(p.swapAB ? p.aType : p.bType));
  auto typeD = NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::f32);
  auto one = NVVM::WGMMAScaleInAttr::get(ctx, NVVM::WGMMAScaleIn::one);
  // K-major is A row-major and B column-major; MN-major (16-bit types
  // only) is the transposed layout of each.
  auto layoutA = NVVM::MMALayoutAttr::get(
      ctx, p.aMNMajor() ? NVVM::MMALayout::col : NVVM::MMALayout::row);
  auto layoutB = NVVM::MMALayoutAttr::get(
      ctx, p.bMNMajor() ? NVVM::MMALayout::row : NVVM::MMALayout::col);
  // The kk-th wgmma's slice of K starts 32 bytes further along a K-major
  // row, or wgmmaK rows of 128 bytes further down an MN-major tile.
  auto kOffset = [&](bool mnMajor, int64_t kk) -> int64_t {
    return mnMajor ? kk * p.wgmmaK() * kTileKBytes : kk * kWgmmaKBytes;
  };
  // With two waves (256-row tiles) the k-th wgmma's descriptors are the
  // first ones plus offset >> 4 in the start address field: one add each
  // instead of masking, shifting and or-ing every address (no carry leaves
  // the field: shared addresses and these offsets stay below 2^18 bytes,
  // multiples of 16). Not for one wave: in the 128 x 128 kernel the
  // descriptors then stay live and ptxas spills (docs/performance.md,
  // item 41).
  bool advance = p.numWaves() > 1;
  // The first descriptors likewise: the shared memory base's, plus the
  // operand's offset from it >> 4.
  auto fromBase = [&](Value addr, bool mnMajor) {
    return add(wgmmaDescriptor(base64, mnMajor),
               arith::ShRUIOp::create(b, loc, sub(addr, base64), i64(4)));
  };
  Value firstA = advance ? fromBase(aAddr, p.aMNMajor()) : Value();
  Value firstB = advance ? fromBase(bAddr, p.bMNMajor()) : Value();
  auto descriptor = [&](Value addr, Value first, bool mnMajor,
                        int64_t kk) -> Value {
    int64_t offset = kOffset(mnMajor, kk);
    if (!advance)
      return wgmmaDescriptor(add(addr, i64(offset)), mnMajor);
    return kk == 0 ? first : add(first, i64(offset >> 4));
  };
  NVVM::WgmmaFenceAlignedOp::create(b, loc);
  for (int64_t kk = 0; kk < kTileKBytes / kWgmmaKBytes; ++kk) {
    auto scaleD = NVVM::WGMMAScaleOutAttr::get(
        ctx, accumulate || kk > 0 ? NVVM::WGMMAScaleOut::one
                                  : NVVM::WGMMAScaleOut::zero);
    Value descA = descriptor(aAddr, firstA, p.aMNMajor(), kk);
    Value descB = descriptor(bAddr, firstB, p.bMNMajor(), kk);
    acc = NVVM::WgmmaMmaAsyncOp::create(
        b, loc, fragType, acc, descA, descB, shape, typeA, typeB, typeD, scaleD,
        one, one, layoutA, layoutB, NVVM::MMAIntOverflowAttr());
  }
  return acc;
}

// One lane per warp releases a stage (the `empty` barrier counts warps),
// once the warp's wgmmas are done reading it.
// In a cluster the lane arrives on the stage's barrier in every CTA. The
// arrive releases at CTA scope, as a local one does: what it orders is this
// warp's wgmma reads of the stage (complete after wgmma.wait_group) before
// the producers' next TMA writes, and a cluster-scope release costs a
// memory barrier per arrival (3x slower kernels, docs/performance.md).
void KernelBuilder::release(const Fragment &f, Value stage) {
  if (p.clusterSize() == 1) {
    ifThen(eq(f.lane, idx(0)), [&] {
      nvgpu::MBarrierArriveOp::create(
          b, loc, nvgpu::MBarrierTokenType::get(ctx), empty, stage);
    });
    return;
  }
  // Lane r arrives in the CTA of rank r.
  ifThen(ult(f.lane, idx(p.clusterSize())), [&] {
    Value local = barrierPointer(empty, stage);
    auto clusterPtr = LLVM::LLVMPointerType::get(ctx, /*shared_cluster=*/7);
    Value rank = arith::IndexCastUIOp::create(b, loc, b.getI32Type(), f.lane);
    NVVM::MBarrierArriveOp::create(
        b, loc, Type(), NVVM::MapaOp::create(b, loc, clusterPtr, local, rank),
        Value(), NVVM::MemScopeKind::CTA);
  });
}

// Static K has a loop over `unroll` blocks at a time and the tail unrolled
// after it; K-grouped and stream-K a loop by `unroll` and one by single
// blocks for the rest (none where stream-K shares are whole iterations). A loop
// that probes carries the ring position and the probe's result after the other
// values.
SmallVector<Value> KernelBuilder::forEachKBlock(int64_t unroll, Value ring,
                                                ValueRange init,
                                                KBlocksFn computeBlocks,
                                                bool probes) {
  size_t numAccs = init.size();
  auto blocks = [&](Value kb, int64_t count, ValueRange carried) {
    Ring at;
    if (probes)
      at = {carried[numAccs], carried[numAccs + 1], carried[numAccs + 2]};
    SmallVector<Value> out =
        computeBlocks(kb, count, carried.take_front(numAccs), at);
    if (probes)
      out.append({at.stage, at.phase, at.ready});
    return out;
  };
  // A loop from `from` to `to` by `step` whose iterations compute `count`
  // blocks each, from block `it * scale`.
  auto loop = [&](Value from, Value to, int64_t step, int64_t count,
                  int64_t scale, ValueRange carried) {
    return SmallVector<Value>(
        scf::ForOp::create(
            b, loc, from, to, idx(step), carried,
            [&](OpBuilder &, Location, Value it, ValueRange iter) {
              Value kb = scale == 1 ? it : mul(it, idx(scale));
              scf::YieldOp::create(b, loc, blocks(kb, count, iter));
            })
            .getResults());
  };
  SmallVector<Value> carried(init);
  if (probes) {
    Ring start = ringAt(ring);
    carried.append({start.stage, start.phase, probe(start)});
  }
  if (p.kDynamic()) {
    Value mainEnd = mul(div(kCount, idx(unroll)), idx(unroll));
    carried = loop(idx(0), mainEnd, unroll, unroll, 1, carried);
    // A stream-K item's blocks are a multiple of its granule.
    bool wholeIterations = p.streamK && streamKGranule() % unroll == 0;
    if (unroll > 1 && !wholeIterations)
      carried = loop(mainEnd, kCount, 1, 1, 1, carried);
  } else {
    carried =
        loop(idx(0), idx(p.kPerSplit() / unroll), 1, unroll, unroll, carried);
    if (int64_t tail = p.kPerSplit() % unroll)
      carried = blocks(idx(p.kPerSplit() - tail), tail, carried);
  }
  carried.resize(numAccs);
  return carried;
}

// Block scales: each K block's product lands in a fresh fragment that is
// promoted into the accumulator with the block's scales.
SmallVector<Value> KernelBuilder::promotedLoop(const Fragment &f, Value mathWg,
                                               Value iterBase, Value tnIdx,
                                               Value group) {
  if (!p.sbPerColumn()) {
    // With swap_ab the tile's B rows are the wgmma's: each math warpgroup's
    // 64 lie in one block of the (up to two) the tile spans.
    Value firstRow = mul(tnIdx, idx(p.tn));
    if (p.swapAB)
      firstRow = add(firstRow, mul(mathWg, idx(64)));
    Value scaleRow = div(firstRow, idx(128));
    int64_t sbRows = llvm::divideCeil(p.n, 128);
    // A cluster along N has a tile past N where N's tiles are odd in
    // number: its scales are N's last row's (it stores nothing).
    if (p.clusterN > 1)
      scaleRow = arith::MinUIOp::create(b, loc, scaleRow, idx(sbRows - 1));
    // Where row `row`'s K blocks start; grouped: in the group's
    // (ceil(N/128), K blocks) scales.
    auto rowBase = [&](Value row) {
      if (group)
        row = add(mul(group, idx(sbRows)), row);
      return mul(row, idx(p.kBlocks));
    };
    sbBase = rowBase(scaleRow);
    if (p.sbSpans()) {
      Value next = add(scaleRow, idx(1));
      sbSplit = sub(mul(next, idx(128)), firstRow);
      // Clamped to N's last block for the tiles at the end.
      sbBase2 = rowBase(
          arith::MinUIOp::create(b, loc, next, idx(sbRows - 1)).getResult());
    }
    if (p.stagesSbRow())
      copySbRow();
  }
  // One wave of a block in flight: its fragment, its row scales and the
  // block's B scale when that is one value. The rows are A's, or with
  // swap_ab B's: then a 128x128 B scale is the row scale itself.
  struct Wave {
    Value partial, rowScale[2], stage, colView;
    /// The 128x128 B scale (and with sbSpans() the second block's) that
    /// multiplies the row scales; null when there is none or it is the row
    /// scale itself.
    Value sb, sb2;
    bool releases;
  };
  auto issueWave = [&](const StageView &blk, int64_t wave) -> Wave {
    // Read this thread's two row scales before the wgmmas, so that the
    // reads are long done when the warp releases the stage. The product
    // with B's scale, a global load, waits for `finish`: ahead of the
    // wgmmas it held their issue up by the load's latency every block
    // (docs/performance.md, item 32).
    Value row = add(f.rowInTile, idx(wave * 128));
    Wave w;
    for (int64_t h = 0; h < 2; ++h)
      w.rowScale[h] = blk.rowView
                          ? scaleValue(memref::LoadOp::create(
                                b, loc, blk.rowView, add(row, idx(8 * h))))
                          : blk.sb;
    if (blk.rowView) {
      w.sb = blk.sb;
      w.sb2 = blk.sb2;
    }
    Value aWave = add(blk.rows, i64(wave * 128 * kTileKBytes));
    w.partial = issueWgmmas(LLVM::UndefOp::create(b, loc, fragType), aWave,
                            blk.cols, /*accumulate=*/false);
    NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
    w.stage = blk.stage;
    w.colView = blk.colView;
    w.releases = wave == p.numWaves() - 1;
    return w;
  };
  // A completed wave: release the stage after the block's last wave and
  // promote acc += partial * scale. Column scales (B's 1x128, or with
  // swap_ab A's) are read from the stage as the promotion goes, so the
  // stage is released after it.
  // The accumulator is the fragment's floats as separate values, not a
  // struct: rebuilding the struct element by element every block made
  // chains of insertvalues that LLVM's InstCombine and instruction
  // selection take quadratic time over (the struct is built once, for the
  // epilogue).
  int64_t fragSize = p.fragCols() / 2;
  // A tile straddling two B scale blocks: the 8 columns of fragment group
  // j take the second block's scale where 8j >= sbSplit. Over the splits
  // that tiles can have, 8j is below all (first block), at or past all
  // (second), or in between: then one select per row scale picks, shared
  // by the groups between the same two splits.
  SmallVector<int64_t> splits = p.sbSplits();
  auto splitsBelow = [&](int64_t j) {
    return llvm::count_if(splits, [&](int64_t s) { return s <= 8 * j; });
  };
  // Unrolled, the probing loop has one wave's promotion FMAs and the next
  // block's wgmmas in one basic block, and LLVM sinks the FMAs below those
  // wgmmas: two fragments and the accumulator live at once, and ptxas
  // spilled 800-7400 bytes (docs/performance.md, item 54). A register
  // fence on each promoted value keeps the FMAs where they are written.
  bool fencesAccumulator = !p.overlapsPromotion() && probeUnroll > 1;
  auto finish = [&](const Wave &w, MutableArrayRef<Value> acc,
                    function_ref<void()> afterRelease = {}) {
    if (w.releases && !w.colView) {
      release(f, w.stage);
      if (afterRelease)
        afterRelease();
    }
    Value rowScale[2], rowScale2[2];
    for (int64_t h = 0; h < 2; ++h) {
      rowScale[h] = w.rowScale[h];
      if (w.sb2)
        rowScale2[h] = arith::MulFOp::create(b, loc, rowScale[h], w.sb2);
      if (w.sb)
        rowScale[h] = arith::MulFOp::create(b, loc, rowScale[h], w.sb);
    }
    Value colScale[2];
    llvm::DenseMap<int64_t, std::array<Value, 2>> picked;
    for (int64_t i = 0; i < fragSize; ++i) {
      // Element 4j + 2h + c: row r0 + 8h, column 8j + 2 (lane % 4) + c.
      int64_t h = (i / 2) % 2, j = i / 4;
      Value scale = rowScale[h];
      int64_t below = rowScale2[h] ? splitsBelow(j) : 0;
      if (below == int64_t(splits.size())) {
        scale = rowScale2[h];
      } else if (below > 0) {
        std::array<Value, 2> &pair = picked[below];
        if (!pair[h])
          pair[h] = arith::SelectOp::create(
              b, loc,
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                    idx(8 * j), sbSplit),
              rowScale[h], rowScale2[h]);
        scale = pair[h];
      }
      if (w.colView) {
        if (i % 4 < 2)
          colScale[i % 2] = scaleValue(memref::LoadOp::create(
              b, loc, w.colView, add(f.colInTile, idx(8 * (i / 4) + i % 2))));
        scale = arith::MulFOp::create(b, loc, scale, colScale[i % 2]);
      }
      Value pi = LLVM::ExtractValueOp::create(b, loc, w.partial, i);
      acc[i] = LLVM::FMAOp::create(b, loc, pi, scale, acc[i]);
    }
    if (fencesAccumulator)
      for (Value &a : acc)
        a = fenceRegister(a);
    if (w.releases && w.colView)
      release(f, w.stage);
  };
  // Computes `count` consecutive K blocks from `kb`. Overlapped, each
  // block's wgmmas are issued before the previous block is promoted, so
  // the promotion's FMAs run while the tensor cores work (two fragments
  // live); no fragment in flight crosses a loop iteration, which would
  // make ptxas serialize the wgmmas (C7514). Otherwise each wave completes
  // before the next: two math warpgroups take turns (pingPong), four keep
  // the tensor cores busy with three while one promotes.
  bool overlap = p.overlapsPromotion();
  bool probes = p.probesAhead();
  auto computeBlocks = [&](Value kb, int64_t count, ValueRange accsIn,
                           Ring &at) -> SmallVector<Value> {
    SmallVector<Value> accs(accsIn);
    auto block = [&](int64_t c) {
      StageView blk = waitBlock(f, mathWg, ringOf(at, iterBase, kb, c),
                                add(kb, idx(c)));
      if (probes)
        at = nextInRing(at);
      return blk;
    };
    auto waveAcc = [&](int64_t wave) {
      return MutableArrayRef<Value>(accs).slice(wave * fragSize, fragSize);
    };
    if (overlap) {
      std::optional<Wave> previous;
      for (int64_t c = 0; c < count; ++c) {
        Wave current =
            issueWave(block(c), 0);
        if (previous) {
          NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
          finish(*previous, waveAcc(0));
        }
        previous = current;
      }
      NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
      finish(*previous, waveAcc(0));
      return accs;
    }
    // Probing: as soon as the block's stage is released, the next block's
    // barrier is tested without blocking, before the promotion's FMAs, so
    // that the test's latency hides behind them and the next block's
    // wgmmas issue right after them; only a failed test leaves a blocking
    // wait. Without it the wait sat at the loop's top, after the FMAs,
    // with its latency between them and the next wgmmas (DeepGEMM's loop
    // is unrolled and ptxas moves that wait among the FMAs; it does not
    // move it across our loop's back edge). docs/performance.md, item 42.
    for (int64_t c = 0; c < count; ++c) {
      StageView blk = block(c);
      for (int64_t wave = 0; wave < p.numWaves(); ++wave) {
        if (pingPong())
          takeTurn(mathWg);
        Wave w = issueWave(blk, wave);
        if (pingPong())
          passTurn(mathWg);
        NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
        finish(w, waveAcc(wave), [&] {
          if (probes)
            at.ready = probe(at);
        });
      }
    }
    return accs;
  };
  int64_t unroll = loopUnroll();
  SmallVector<Value> zeroAccs(
      p.numWaves() * fragSize,
      arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f)));
  SmallVector<Value> accs =
      forEachKBlock(unroll, iterBase, zeroAccs, computeBlocks, probes);
  return fragments(accs);
}

SmallVector<Value> KernelBuilder::fragments(ValueRange floats) {
  int64_t fragSize = p.fragCols() / 2;
  SmallVector<Value> structs;
  for (int64_t wave = 0; wave < int64_t(floats.size()) / fragSize; ++wave) {
    Value frag = LLVM::UndefOp::create(b, loc, fragType);
    for (int64_t i = 0; i < fragSize; ++i)
      frag = LLVM::InsertValueOp::create(b, loc, frag,
                                         floats[wave * fragSize + i], i);
    structs.push_back(frag);
  }
  return structs;
}

// No block scales: the wgmmas accumulate (scale-d = 1). Each block's group
// is committed before the previous one is waited for, so the tensor cores
// always have the next block queued; a stage is released once its group is
// done. FP8 wgmmas accumulate with less than fp32's precision, so for FP8
// operands each group of four K blocks (512 of K) starts a fresh fragment
// that is then added to the fp32 accumulator on CUDA cores (one FADD per
// element per four blocks); for 256-row tiles, whose registers hold one
// fragment per wave only, the wgmmas accumulate over all of K.
SmallVector<Value> KernelBuilder::accumulatingLoop(const Fragment &f,
                                                   Value mathWg,
                                                   Value iterBase) {
  bool promote = isFP8Type(p.aType) && p.numWaves() == 1;
  auto computeBlocks = [&](Value kb, int64_t count, ValueRange accsIn,
                           Ring &at) -> SmallVector<Value> {
    SmallVector<Value> accs(accsIn);
    SmallVector<Value> frags(accs);
    if (promote)
      for (Value &frag : frags)
        frag = LLVM::UndefOp::create(b, loc, fragType);
    Value pending;
    for (int64_t c = 0; c < count; ++c) {
      StageView blk = waitBlock(f, mathWg, ringOf(at, iterBase, kb, c),
                                add(kb, idx(c)));
      for (int64_t wave = 0; wave < p.numWaves(); ++wave) {
        Value aWave = add(blk.rows, i64(wave * 128 * kTileKBytes));
        frags[wave] = issueWgmmas(frags[wave], aWave, blk.cols,
                                  /*accumulate=*/!promote || c > 0);
      }
      NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
      if (pending) {
        NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
        release(f, pending);
      }
      pending = blk.stage;
    }
    NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
    release(f, pending);
    if (!promote)
      return frags;
    for (auto [acc, frag] : llvm::zip(accs, frags))
      for (int64_t i = 0; i < p.fragCols() / 2; ++i)
        acc = LLVM::InsertValueOp::create(
            b, loc, acc,
            arith::AddFOp::create(
                b, loc, LLVM::ExtractValueOp::create(b, loc, acc, i),
                LLVM::ExtractValueOp::create(b, loc, frag, i)),
            i);
    return accs;
  };
  SmallVector<Value> zeroAccs(p.numWaves(),
                              LLVM::ZeroOp::create(b, loc, fragType));
  return forEachKBlock(loopUnroll(), iterBase, zeroAccs, computeBlocks);
}

// The overlapped promotion loop: four blocks an iteration hide three
// promotions of four (two hid one of two:
// benchmarks/results/2026-11-23-unroll4). Per-column B scales take two:
// their promotion reads 32 column scales a block, and with four blocks in
// flight ptxas spilled; two hide one promotion of two (K-grouped 4096 x
// 7168 without C: 776 -> 899 TFLOPS, results/2026-11-24-k-grouped). With
// swap_ab every promotion reads column scales (A's), tm / 4 a block: four
// blocks for decode tiles (tm <= 64), two beyond. The non-overlapped loop
// takes `probe-unroll` blocks an iteration, or the tile's
// defaultProbeUnroll() (docs/performance.md, items 55-56); the loop without
// block scales four (its promotion of FP8 sums every four blocks).
int64_t KernelBuilder::loopUnroll() const {
  if (!p.blockScaled())
    return 4;
  if (!p.overlapsPromotion())
    return probeUnroll;
  return p.swapAB ? (p.tm > 64 ? 2 : 4) : p.sbPerColumn() ? 2 : 4;
}

void KernelBuilder::buildMath(Value wg) {
  NVVM::SetMaxRegisterOp::create(b, loc, p.mathRegisters(),
                                 NVVM::SetMaxRegisterAction::increase);
  Type f32 = b.getF32Type();
  fragType = LLVM::LLVMStructType::getLiteral(
      ctx, SmallVector<Type>(p.fragCols() / 2, f32));
  Value mathWg = sub(wg, idx(1));
  Value local = rem(tid, idx(128));
  Value warp = div(local, idx(32)), lane = rem(local, idx(32));
  // wgmma's fp32 fragment: a thread holds rows r0 and r0 + 8 of its warp's
  // 16 rows; element 4j + 2h + c sits at row r0 + 8h, column
  // 8j + 2 (lane % 4) + c.
  Fragment f;
  f.rowInTile =
      add(mul(mathWg, idx(64)), add(mul(warp, idx(16)), div(lane, idx(4))));
  f.colInTile = mul(rem(lane, idx(4)), idx(2));
  f.lane = lane;

  // Ping-pong: math warpgroup 0 takes the first turn (warpgroup 1 passes
  // it one before its first block) and consumes the pass after warpgroup
  // 1's last block at the end, so that no arrival is left on a barrier.
  // Both warpgroups run the same tiles and K blocks, hence as many turns.
  if (pingPong())
    ifThen(eq(mathWg, idx(1)), [&] { passTurn(mathWg); });
  forEachTile([&](const WorkItem &item) {
    kBase = item.kFirst;
    kCount = item.kCount;
    SmallVector<Value> accs =
        p.blockScaled() ? promotedLoop(f, mathWg, item.ring, item.tnIdx,
                                       p.mGrouped() ? item.group : Value())
                        : accumulatingLoop(f, mathWg, item.ring);
    auto epilogue = [&](ValueRange total) {
      buildEpilogue(total, item.tmIdx, item.tnIdx, item.count, f);
    };
    if (p.streamK)
      streamKFixup(accs, item, sub(tid, idx(128)), epilogue);
    else if (p.splits == 1)
      epilogue(accs);
    else
      reduceSplits(accs, item, sub(tid, idx(128)), epilogue);
  });
  if (pingPong())
    ifThen(eq(mathWg, idx(0)), [&] { takeTurn(mathWg); });
  // The CTA's shared memory must outlive the last TMA store.
  ifThen(isStorer(),
         [&] { NVVM::CpAsyncBulkWaitGroupOp::create(b, loc, 0, UnitAttr()); });
}

// The workspace (docs/runtime.md): a 32-bit counter per tile, then from a
// 256-byte boundary the fp32 partial tiles: split-K's S per tile, or
// stream-K's two per CTA. Element i of wave w of math thread t sits at
// (w * fragSize + i) * threads + t of a partial (coalesced).
Value KernelBuilder::partialsStart() {
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  Value tiles =
      mul(arith::CeilDivUIOp::create(b, loc, mSize, idx(p.tm)), idx(nTiles));
  return div(mul(div(add(mul(tiles, idx(4)), idx(255)), idx(256)), idx(256)),
             idx(4));
}

Value KernelBuilder::partialElement(Value partial, int64_t wave, int64_t i,
                                    Value mathTid) {
  int64_t threads = 128 * p.numMath(), fragSize = p.fragCols() / 2;
  Value at = add(idx((wave * fragSize + i) * threads), mathTid);
  return elementPtr(partial, b.getF32Type(), at);
}

Value KernelBuilder::tileCounter(Value tmIdx, Value tnIdx) {
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  return elementPtr(args["workspace"], b.getI32Type(),
                    add(mul(tmIdx, idx(nTiles)), tnIdx));
}

// Writes the partial, then counts it in the tile's counter: the partial is
// visible at GPU scope before the count (release), and the CTA whose count
// finds `before` others there adds the tile's partials.
Value KernelBuilder::publishPartial(ValueRange accs, Value mathTid,
                                    Value partial, Value counter,
                                    Value before) {
  Type i32Type = b.getI32Type();
  for (auto [wave, acc] : llvm::enumerate(accs))
    for (int64_t i = 0; i < p.fragCols() / 2; ++i)
      LLVM::StoreOp::create(b, loc,
                            LLVM::ExtractValueOp::create(b, loc, acc, i),
                            partialElement(partial, wave, i, mathTid));
  NVVM::MembarOp::create(b, loc, NVVM::MemScopeKind::GPU);
  mathBarrier();
  Value flag = view(idx(p.offFlag()), smemType({1}, i32Type));
  ifThen(isStorer(), [&] {
    Value counted =
        LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::add, counter,
                                  i32(1), LLVM::AtomicOrdering::monotonic);
    Value last = arith::ExtUIOp::create(
        b, loc, i32Type,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, counted,
                              before));
    memref::StoreOp::create(b, loc, last, flag, idx(0));
  });
  mathBarrier();
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                               memref::LoadOp::create(b, loc, flag, idx(0)),
                               i32(0));
}

// Split-K: every split publishes its partial; the split that arrives last
// adds the S partials in split order, so the sum does not depend on who
// came last, resets the counter for the next launch and runs the epilogue.
void KernelBuilder::reduceSplits(ValueRange accs, const WorkItem &item,
                                 Value mathTid,
                                 function_ref<void(ValueRange)> epilogue) {
  Type f32 = b.getF32Type();
  int64_t fragSize = p.fragCols() / 2;
  Value ws = args["workspace"];
  Value counter = tileCounter(item.tmIdx, item.tnIdx);
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  Value tileIdx = add(mul(item.tmIdx, idx(nTiles)), item.tnIdx);
  Value start = partialsStart();
  auto partial = [&](Value split) {
    Value first = add(start, mul(add(mul(tileIdx, idx(p.splits)), split),
                                 idx(p.partialBytes() / 4)));
    return elementPtr(ws, f32, first);
  };
  Value isLast = publishPartial(accs, mathTid, partial(item.split), counter,
                                i32(p.splits - 1));
  ifThen(isLast, [&] {
    // Acquire: the other splits' partials, read past L1.
    NVVM::MembarOp::create(b, loc, NVVM::MemScopeKind::GPU);
    SmallVector<Value> partials;
    for (int64_t s = 0; s < p.splits; ++s)
      partials.push_back(partial(idx(s)));
    SmallVector<Value> total;
    for (int64_t wave = 0; wave < int64_t(accs.size()); ++wave) {
      Value sum = LLVM::UndefOp::create(b, loc, fragType);
      for (int64_t i = 0; i < fragSize; ++i) {
        Value v;
        for (Value base : partials) {
          Value x = LLVM::LoadOp::create(b, loc, f32,
                                         partialElement(base, wave, i, mathTid),
                                         /*alignment=*/4, /*isVolatile=*/true);
          v = v ? arith::AddFOp::create(b, loc, v, x).getResult() : x;
        }
        sum = LLVM::InsertValueOp::create(b, loc, sum, v, i);
      }
      total.push_back(sum);
    }
    ifThen(isStorer(), [&] { LLVM::StoreOp::create(b, loc, i32(0), counter); });
    epilogue(total);
  });
}

// Stream-K: a work item with all of its tile's K blocks runs the epilogue;
// a piece of a shared tile publishes its partial in its CTA's slot (two a
// CTA: its range's first piece, and the second where the range reaches
// into the next tile; forEachStreamKItem finds the tile's slots). The last
// piece to count adds the tile's partials in CTA order, so the sum does not
// depend on who came last, resets the counter for the next launch and runs
// the epilogue.
void KernelBuilder::streamKFixup(ValueRange accs, const WorkItem &item,
                                 Value mathTid,
                                 function_ref<void(ValueRange)> epilogue) {
  Type f32 = b.getF32Type();
  int64_t fragSize = p.fragCols() / 2;
  SmallVector<Type> fragTypes(accs.size(), fragType);
  SmallVector<Type> types(fragTypes);
  types.push_back(b.getI1Type());
  // Yields the tile's sums and whether this CTA writes the tile.
  auto outcome =
      scf::IfOp::create(b, loc, types, eq(item.kCount, idx(p.kBlocks)),
                        /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&outcome.getThenRegion().front());
    SmallVector<Value> whole(accs);
    whole.push_back(arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1));
    scf::YieldOp::create(b, loc, whole);

    b.setInsertionPointToStart(&outcome.getElseRegion().front());
    PieceSlots slots = unpackSlots(item.pieceSlots);
    Value start = partialsStart();
    auto partial = [&](Value slot) {
      return elementPtr(args["workspace"], f32,
                        add(start, mul(slot, idx(p.partialBytes() / 4))));
    };
    Value counter = tileCounter(item.tmIdx, item.tnIdx);
    Value others = arith::IndexCastUIOp::create(b, loc, b.getI32Type(),
                                                sub(slots.count, idx(1)));
    Value isLast =
        publishPartial(accs, mathTid, partial(slots.mine), counter, others);
    auto sums = scf::IfOp::create(b, loc, fragTypes, isLast,
                                  /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(&sums.getThenRegion().front());
      // Acquire: the other pieces' partials, read past L1.
      NVVM::MembarOp::create(b, loc, NVVM::MemScopeKind::GPU);
      SmallVector<Value> zeros(
          accs.size() * fragSize,
          arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f)));
      // Piece r > 0 is CTA (first / 2 + r)'s first: slot 2 (first / 2 + r).
      Value firstCta = arith::ShRUIOp::create(b, loc, slots.first, idx(1));
      auto added = scf::ForOp::create(
          b, loc, idx(0), slots.count, idx(1), zeros,
          [&](OpBuilder &, Location, Value r, ValueRange total) {
            Value slot =
                arith::SelectOp::create(b, loc, eq(r, idx(0)), slots.first,
                                        mul(add(firstCta, r), idx(2)));
            Value piece = partial(slot);
            SmallVector<Value> next;
            for (int64_t wave = 0; wave < int64_t(accs.size()); ++wave)
              for (int64_t i = 0; i < fragSize; ++i) {
                Value x = LLVM::LoadOp::create(
                    b, loc, f32, partialElement(piece, wave, i, mathTid),
                    /*alignment=*/4, /*isVolatile=*/true);
                next.push_back(arith::AddFOp::create(
                    b, loc, total[wave * fragSize + i], x));
              }
            scf::YieldOp::create(b, loc, next);
          });
      ifThen(isStorer(),
             [&] { LLVM::StoreOp::create(b, loc, i32(0), counter); });
      scf::YieldOp::create(b, loc, fragments(added.getResults()));

      b.setInsertionPointToStart(&sums.getElseRegion().front());
      SmallVector<Value> none;
      for (Type t : fragTypes)
        none.push_back(LLVM::UndefOp::create(b, loc, t));
      scf::YieldOp::create(b, loc, none);
    }
    SmallVector<Value> partialOutcome(sums.getResults());
    partialOutcome.push_back(isLast);
    scf::YieldOp::create(b, loc, partialOutcome);
  }
  ifThen(outcome.getResults().back(),
         [&] { epilogue(outcome.getResults().drop_back()); });
}

// The epilogue stages the output tile in shared memory, in the swizzled
// layout of the D tensor map (conflict-free for the fragment's row pairs),
// and one thread stores it with TMA, which clips at M and N. The store
// drains while the next tile's main loop runs; the buffer is only rewritten
// once the previous store has read it. C, when added, is TMA-loaded into
// the same buffer first, and each thread reads the elements it is about to
// overwrite.
void KernelBuilder::buildEpilogue(ValueRange accs, Value tmIdx, Value tnIdx,
                                  Value tileCount, const Fragment &f) {
  Type f32 = b.getF32Type();
  auto pairType = VectorType::get({2}, p.dType);
  int64_t rowBytes = p.dBoxCols() * p.dBytes();
  int64_t blockBytes = p.tm * rowBytes;
  int64_t numBlocks = p.tn / p.dBoxCols();
  Value row0 = mul(tmIdx, idx(p.tm)), col0 = mul(tnIdx, idx(p.tn));
  ifThen(isStorer(), [&] {
    NVVM::CpAsyncBulkWaitGroupOp::create(b, loc, 0, b.getUnitAttr());
    if (!p.c)
      return;
    nvgpu::MBarrierArriveExpectTxOp::create(b, loc, cFull, idx(p.dTileBytes()),
                                            idx(0), Value());
    for (int64_t blk = 0; blk < numBlocks; ++blk)
      nvgpu::TmaAsyncLoadOp::create(
          b, loc, view(idx(p.offD() + blk * blockBytes), dBox()), cFull,
          args["c"], ValueRange{add(col0, idx(blk * p.dBoxCols())), row0},
          idx(0), Value(), Value());
  });
  mathBarrier();
  if (p.c)
    nvgpu::MBarrierTryWaitParityOp::create(b, loc, cFull, parity(tileCount),
                                           idx(10000000), idx(0));

  // Tensor and row scales (without block scales): one value, or the value
  // of the thread's row (column), clamped into the tensor at the edges.
  auto scaleOf = [&](OperandAttr x, StringRef tensor, Value at,
                     Value size) -> Value {
    if (p.blockScaled() || !x.isScaled())
      return Value();
    if (x.getScaleKind() == ScaleKind::Tensor)
      return loadGlobal(tensor, f32, idx(0));
    return loadGlobal(tensor, f32,
                      arith::MinUIOp::create(b, loc, at, sub(size, idx(1))));
  };
  // The fragment's rows are the tile's rows of M and its columns those of
  // N; with swap_ab the other way round.
  auto fragRowScale = [&](Value fragRow) {
    return p.swapAB ? scaleOf(p.b, "sb", add(col0, fragRow), idx(p.n))
                    : scaleOf(p.a, "sa", add(row0, fragRow), mSize);
  };
  auto fragColScale = [&](Value fragCol) {
    return p.swapAB ? scaleOf(p.a, "sa", add(row0, fragCol), mSize)
                    : scaleOf(p.b, "sb", add(col0, fragCol), idx(p.n));
  };
  SmallVector<Value> colScale;
  for (int64_t j = 0; j < p.fragCols() / 8; ++j)
    for (int64_t c = 0; c < 2; ++c)
      colScale.push_back(fragColScale(add(f.colInTile, idx(8 * j + c))));

  // Byte offset of the tile's element (row, col) in the staging buffer:
  // column block col / boxCols of the tensor map, TMA-swizzled inside it
  // (16-byte chunk index ^= (byte offset / 128) & mask).
  Value mask = idx(p.dSwizzleBytes() ? p.dSwizzleBytes() / 16 - 1 : 0);
  auto stagedOffset = [&](Value row, Value col) {
    Value block = div(col, idx(p.dBoxCols()));
    Value linear = add(mul(row, idx(rowBytes)),
                       mul(rem(col, idx(p.dBoxCols())), idx(p.dBytes())));
    Value chunkXor = arith::ShLIOp::create(
        b, loc, andi(arith::ShRUIOp::create(b, loc, linear, idx(7)), mask),
        idx(4));
    return add(mul(block, idx(blockBytes)),
               arith::XOrIOp::create(b, loc, linear, chunkXor));
  };
  // A thread's two values of a row of its fragment are neighbours in D and
  // are stored as a pair; with swap_ab they lie in two rows of D and are
  // stored one by one.
  Value pairView =
      p.swapAB ? Value()
               : view(idx(p.offD()), smemType({p.tm * p.tn / 2}, pairType));
  Value elemView = p.swapAB
                       ? view(idx(p.offD()), smemType({p.tm * p.tn}, p.dType))
                       : Value();
  // acc * scales (+ C), in D's type.
  auto outValue = [&](Value v, Value rowScale, Value colScale, Value old) {
    for (Value scale : {rowScale, colScale})
      if (scale)
        v = arith::MulFOp::create(b, loc, v, scale);
    if (old) {
      if (p.dType != f32)
        old = arith::ExtFOp::create(b, loc, f32, old);
      v = arith::AddFOp::create(b, loc, v, old);
    }
    if (p.dType != f32)
      v = arith::TruncFOp::create(b, loc, p.dType, v);
    return v;
  };
  for (int64_t wave = 0; wave < int64_t(accs.size()); ++wave)
    for (int64_t h = 0; h < 2; ++h) {
      Value acc = accs[wave];
      Value fragRow = add(f.rowInTile, idx(128 * wave + 8 * h));
      Value rowScale = fragRowScale(fragRow);
      for (int64_t j = 0; j < p.fragCols() / 8; ++j) {
        Value fragCol = add(f.colInTile, idx(8 * j));
        auto value = [&](int64_t c) -> Value {
          return LLVM::ExtractValueOp::create(b, loc, acc, 4 * j + 2 * h + c);
        };
        if (p.swapAB) {
          for (int64_t c = 0; c < 2; ++c) {
            Value at = div(stagedOffset(add(fragCol, idx(c)), fragRow),
                           idx(p.dBytes()));
            Value old =
                p.c ? memref::LoadOp::create(b, loc, elemView, at) : Value();
            memref::StoreOp::create(
                b, loc, outValue(value(c), rowScale, colScale[2 * j + c], old),
                elemView, at);
          }
          continue;
        }
        Value pairIdx =
            div(stagedOffset(fragRow, fragCol), idx(2 * p.dBytes()));
        Value old =
            p.c ? memref::LoadOp::create(b, loc, pairView, pairIdx) : Value();
        Value pair = LLVM::UndefOp::create(b, loc, pairType);
        for (int64_t c = 0; c < 2; ++c) {
          Value pos = arith::ConstantIntOp::create(b, loc, b.getI32Type(), c);
          Value oldValue =
              old ? LLVM::ExtractElementOp::create(b, loc, old, pos) : Value();
          pair = LLVM::InsertElementOp::create(
              b, loc, pair,
              outValue(value(c), rowScale, colScale[2 * j + c], oldValue), pos);
        }
        memref::StoreOp::create(b, loc, pair, pairView, pairIdx);
      }
    }
  // Make the generic-proxy writes visible to the TMA unit, then store.
  NVVM::FenceProxyOp::create(
      b, loc, NVVM::ProxyKind::async_shared,
      NVVM::SharedSpaceAttr::get(ctx, NVVM::SharedSpace::shared_cta));
  mathBarrier();
  ifThen(isStorer(), [&] {
    for (int64_t blk = 0; blk < numBlocks; ++blk)
      nvgpu::TmaAsyncStoreOp::create(
          b, loc, view(idx(p.offD() + blk * blockBytes), dBox()), args["d"],
          ValueRange{add(col0, idx(blk * p.dBoxCols())), row0}, Value());
    NVVM::CpAsyncBulkCommitGroupOp::create(b, loc);
  });
}

/// The launch metadata the runtime needs (see docs/runtime.md).
DictionaryAttr launchInfo(OpBuilder &b, const TileProgram &p, StringRef name) {
  auto str = [&](StringRef s) -> Attribute { return b.getStringAttr(s); };
  auto num = [&](int64_t v) -> Attribute { return b.getI64IntegerAttr(v); };
  auto arr = [&](ArrayRef<int64_t> values) -> Attribute {
    SmallVector<Attribute> attrs;
    for (int64_t v : values)
      attrs.push_back(b.getI64IntegerAttr(v));
    return b.getArrayAttr(attrs);
  };
  auto dict = [&](ArrayRef<std::pair<StringRef, Attribute>> entries) {
    SmallVector<NamedAttribute> named;
    for (auto [key, value] : entries)
      named.push_back(b.getNamedAttr(key, value));
    return b.getDictionaryAttr(named);
  };
  auto typeName = [&](Type t) {
    std::string s;
    llvm::raw_string_ostream os(s);
    t.print(os);
    return str(s);
  };
  auto operand = [&](StringRef key) -> Attribute {
    auto attr = p.spec.getAs<OperandAttr>(key);
    SmallVector<std::pair<StringRef, Attribute>> entries = {
        {"dtype", typeName(attr.getElementType())},
        {"major", str(stringifyMajor(attr.getMajor()))},
    };
    switch (attr.getScaleKind()) {
    case ScaleKind::None:
      entries.push_back({"scale", str("none")});
      break;
    case ScaleKind::Tensor:
      entries.push_back({"scale", str("tensor")});
      break;
    case ScaleKind::Row:
      entries.push_back({"scale", str("row")});
      break;
    case ScaleKind::Block:
      entries.push_back({"scale", str("block")});
      entries.push_back({"scale_block", arr(attr.getScaleBlock())});
      break;
    }
    if (attr.isScaled())
      entries.push_back({"scale_dtype", typeName(attr.getScaleType())});
    return dict(entries);
  };
  auto tensorMap = [&](StringRef tensor, ArrayRef<int64_t> box,
                       int64_t swizzle) -> Attribute {
    return dict({{"kind", str("tensor_map")},
                 {"tensor", str(tensor)},
                 {"box", arr(box)},
                 {"swizzle", num(swizzle)},
                 {"pass", str("grid_constant")}});
  };
  SmallVector<Attribute> params;
  for (const Param &param : p.params()) {
    if (param.kind == Param::TensorMap)
      params.push_back(tensorMap(param.tensor, param.box, param.swizzle));
    else if (param.kind == Param::Pointer)
      params.push_back(
          dict({{"kind", str("pointer")}, {"tensor", str(param.tensor)}}));
    else if (p.streamK)
      params.push_back(
          dict({{"kind", str("workspace")},
                {"counter_bytes_per_tile", num(4)},
                {"partial_bytes_per_tile", num(0)},
                {"partial_bytes_per_cta", num(2 * p.partialBytes())}}));
    else
      params.push_back(
          dict({{"kind", str("workspace")},
                {"counter_bytes_per_tile", num(4)},
                {"partial_bytes_per_tile", num(p.splits * p.partialBytes())}}));
  }
  params.push_back(dict({{"kind", str("i32")}, {"value", str("m")}}));
  if (p.takesGroups())
    params.push_back(dict({{"kind", str("i32")}, {"value", str("groups")}}));
  auto config = p.spec.getAs<ConfigAttr>("config");
  auto shape = p.spec.getAs<DenseI64ArrayAttr>("shape");
  SmallVector<int64_t> shapeValues;
  for (int64_t d : shape.asArrayRef())
    shapeValues.push_back(ShapedType::isDynamic(d) ? -1 : d);
  SmallVector<std::pair<StringRef, Attribute>> entries = {
      {"format_version", num(1)},
      {"name", str(name)},
      {"entry", str(name)},
      {"target", str("sm_90a")},
      {"shape", arr(shapeValues)},
      {"a", operand("a")},
      {"b", operand("b")},
      {"d", operand("d")},
      {"tile", arr({p.tm, p.tn, p.tk})},
      {"stages", num(p.stages)},
      {"cluster", arr(config.getCluster())},
      {"schedule", str(stringifySchedule(*config.getSchedule()))},
      {"block", arr({p.numThreads(), 1, 1})},
      {"smem_bytes", num(p.smemBytes())},
      {"grid", str(p.streamK                                      ? "stream_k"
                   : config.getSchedule() == Schedule::Persistent ? "persistent"
                                                                  : "tiles")},
      {"params", b.getArrayAttr(params)},
  };
  if (p.c)
    entries.push_back({"c", operand("c")});
  if (p.splits > 1)
    entries.push_back({"split_k", num(p.splits)});
  // Informational: the runtime launches a swapped kernel like any other.
  if (p.swapAB)
    entries.push_back({"swap_ab", b.getBoolAttr(true)});
  // The M the config was tuned for; a runtime picking among kernels of one
  // (N, K) by M reads it.
  if (auto expectedM = p.spec.getAs<IntegerAttr>("expected_m"))
    entries.push_back({"expected_m", num(expectedM.getInt())});
  if (p.grouping) {
    SmallVector<std::pair<StringRef, Attribute>> grouping = {
        {"kind", str(stringifyGrouping(*p.grouping))},
        {"m_alignment", num(p.tm)}};
    // K-grouped: each group's share of K is a whole number of K tiles.
    if (p.kGrouped())
      grouping.push_back({"k_alignment", num(p.tk)});
    entries.push_back({"grouping", dict(grouping)});
  }
  return dict(entries);
}

LogicalResult lowerTileProgram(gpu::GPUFuncOp func, int64_t probeUnroll,
                               int64_t streamKMinBlocks) {
  FailureOr<TileProgram> program = matchTileProgram(func);
  if (failed(program))
    return failure();
  const TileProgram &p = *program;
  MLIRContext *ctx = func.getContext();
  OpBuilder b(func);
  Location loc = func.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  SmallVector<Type> params(p.params().size(), ptr);
  params.push_back(b.getI32Type());
  if (p.takesGroups())
    params.push_back(b.getI32Type());
  std::string name = func.getName().str();
  auto kernel = gpu::GPUFuncOp::create(b, loc, name + ".lowered",
                                       b.getFunctionType(params, {}));
  kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  // TMA descriptors arrive by value as __grid_constant__ parameters, which
  // gemm-grid-constant-tensor-maps declares once the kernel is an
  // llvm.func (the GPU-to-NVVM conversion keeps function attributes, not
  // these parameter attributes).
  SmallVector<int64_t> tensorMaps;
  for (auto [i, param] : llvm::enumerate(p.params()))
    if (param.kind == Param::TensorMap)
      tensorMaps.push_back(i);
  kernel->setAttr(kTensorMapArgsAttrName, b.getDenseI64ArrayAttr(tensorMaps));
  int32_t threads = static_cast<int32_t>(p.numThreads());
  // The known block size becomes the PTX's .maxntid (gpu-to-nvvm sets
  // nvvm.maxntid from it); with one CTA per SM that register cap at entry
  // lets setmaxnreg take effect.
  kernel.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr({threads, 1, 1}));
  kernel->setAttr(NVVM::NVVMDialect::getMinctasmAttrName(),
                  b.getI32IntegerAttr(1));
  // A cluster's size is fixed in the PTX (.reqnctapercluster), so a launch
  // with another cluster shape fails instead of running wrong.
  if (p.clusterSize() > 1)
    kernel.setKnownClusterSizeAttr(b.getDenseI32ArrayAttr(
        {static_cast<int32_t>(p.clusterSize()), 1, 1}));

  KernelBuilder(b, loc, p, probeUnroll, streamKMinBlocks).build(kernel);

  // The launch metadata lives beside the GPU module, at the top level, so it
  // survives serialization.
  auto gpuModule = func->getParentOfType<gpu::GPUModuleOp>();
  OpBuilder top(gpuModule);
  top.setInsertionPointAfter(gpuModule);
  KernelInfoOp::create(top, loc, name, launchInfo(top, p, name));
  func.erase();
  kernel.setName(name);
  return success();
}

struct ConvertGemmToNVGPUPass
    : public gemm::impl::ConvertGemmToNVGPUBase<ConvertGemmToNVGPUPass> {
  using ConvertGemmToNVGPUBase::ConvertGemmToNVGPUBase;

  void runOnOperation() override {
    if (probeUnroll < 0 || probeUnroll > 8) {
      emitError(getOperation().getLoc())
          << "convert-gemm-to-nvgpu: probe-unroll must be between 0 (the "
             "lowering's choice) and 8, got "
          << static_cast<int64_t>(probeUnroll);
      return signalPassFailure();
    }
    if (streamKMinBlocks < 1) {
      emitError(getOperation().getLoc())
          << "convert-gemm-to-nvgpu: stream-k-min-blocks must be at least 1, "
             "got "
          << static_cast<int64_t>(streamKMinBlocks);
      return signalPassFailure();
    }
    SmallVector<gpu::GPUFuncOp> programs;
    getOperation().walk([&](gpu::GPUFuncOp func) {
      if (!func.walk([](DotOp) { return WalkResult::interrupt(); })
               .wasInterrupted())
        return;
      programs.push_back(func);
    });
    for (gpu::GPUFuncOp func : programs)
      if (failed(lowerTileProgram(func, probeUnroll, streamKMinBlocks)))
        return signalPassFailure();
  }
};

} // namespace
