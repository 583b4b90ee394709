//===- GemmToNVGPU.cpp - lower gemm tile programs to nvgpu/nvvm -----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Lowers a block-scaled tile program (see Expand.cpp) to a warp-specialized
// Hopper kernel. One CTA computes one tile of tm x tn outputs:
//
//   warpgroup 0      TMA producer: one thread walks the K blocks, waits for
//                    a free stage (`empty` mbarrier), arms the stage's
//                    `full` mbarrier with the bytes to expect and issues the
//                    TMA copies of A, B and the A scales into it.
//   warpgroups 1..   math, 64 rows each: wait on `full`, run four FP8
//                    m64nTNk32 wgmmas into a fresh fp32 fragment, release the
//                    stage, then promote `acc += partial * sa[row] * sb` on
//                    CUDA cores. The epilogue converts to bf16 and stores
//                    straight from registers, clipped at M and N.
//
// Shared memory is one dynamic buffer, realigned to 1024 bytes at run time
// (the 128-byte swizzle repeats every 1024 bytes and wgmma descriptors
// assume that alignment): `stages` A tiles, then `stages` B tiles, then
// `stages` A-scale vectors. The mbarriers are static shared memory.
//
// The kernel's parameters: pointers to the TMA descriptors of A, B and the A
// scales (in global memory), the B scales, D, and M as i32. A gemm.kernel_info
// op records this for the runtime.
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

namespace mlir::gemm {
#define GEN_PASS_DEF_CONVERTGEMMTONVGPU
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

namespace {

/// Registers a math warpgroup asks for, and leaves the producer.
constexpr int32_t kMathRegisters = 232;
constexpr int32_t kProducerRegisters = 40;
/// The 128-byte swizzle pattern repeats every 1024 bytes.
constexpr int64_t kSwizzleAtomBytes = 1024;
/// K extent of one FP8 wgmma.
constexpr int64_t kWgmmaK = 32;

/// What the lowering reads off a block-scaled tile program.
struct TileProgram {
  gpu::GPUFuncOp func;
  DictionaryAttr spec;
  int64_t tm, tn, tk, stages, n, k, kBlocks;
  Type aType, bType, dType;
  /// Math warpgroups: one for a 64-row tile, else two.
  int64_t numMath() const { return tm == 64 ? 1 : 2; }
  /// Waves of 64 rows each math warpgroup computes: two for a 256-row tile
  /// (rows w * 64 and 128 + w * 64 for warpgroup w), else one. The waves
  /// share B's stage and the promotion fragment.
  int64_t numWaves() const { return tm / (64 * numMath()); }
  int64_t numThreads() const { return 128 * (1 + numMath()); }
  int64_t aStageBytes() const { return tm * tk; }
  int64_t bStageBytes() const { return tn * tk; }
  int64_t saStageBytes() const { return llvm::alignTo(tm * 4, 128); }
  int64_t offB() const { return stages * aStageBytes(); }
  int64_t offSA() const { return offB() + stages * bStageBytes(); }
  /// The output tile, staged for the TMA store.
  int64_t offD() const {
    return llvm::alignTo(offSA() + stages * saStageBytes(), kSwizzleAtomBytes);
  }
  /// The TMA store writes the output tile in column blocks whose rows are
  /// one swizzle span wide (128 bytes, or the whole row when narrower).
  int64_t dSwizzleBytes() const {
    int64_t rowBytes = tn * 2;
    return rowBytes >= 128  ? 128
           : rowBytes >= 64 ? 64
           : rowBytes >= 32 ? 32
                            : 0;
  }
  int64_t dBoxCols() const {
    return dSwizzleBytes() ? dSwizzleBytes() / 2 : tn;
  }
  /// Dynamic shared memory, with room to realign the base to 1024 bytes.
  int64_t smemBytes() const { return offD() + tm * tn * 2 + kSwizzleAtomBytes; }
  int64_t txBytes() const { return aStageBytes() + bStageBytes() + tm * 4; }
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
  p.stages = config.getStages();
  if (config.getCluster()[0] * config.getCluster()[1] != 1)
    return func.emitError("clusters are not supported by the lowering yet");

  SmallVector<DotOp> dots;
  SmallVector<ScaleAddOp> promotions;
  func.walk([&](DotOp op) { dots.push_back(op); });
  func.walk([&](ScaleAddOp op) { promotions.push_back(op); });
  if (dots.size() != 1 || promotions.size() != 1 || dots[0].getAcc())
    return func.emitError("expected one gemm.dot without accumulator and one "
                          "gemm.scale_add (a block-scaled tile program)");
  auto args = func.getArguments();
  if (args.size() != 5)
    return func.emitError("expected 5 arguments (A, SA, B, SB, D), found ")
           << args.size();
  auto aTile = cast<RankedTensorType>(dots[0].getA().getType());
  auto bTile = cast<RankedTensorType>(dots[0].getB().getType());
  p.tm = aTile.getDimSize(0);
  p.tk = aTile.getDimSize(1);
  p.tn = bTile.getDimSize(0);
  p.aType = aTile.getElementType();
  p.bType = bTile.getElementType();
  auto dMem = cast<MemRefType>(args[4].getType());
  auto bMem = cast<MemRefType>(args[2].getType());
  p.dType = dMem.getElementType();
  p.n = bMem.getDimSize(0);
  p.k = bMem.getDimSize(1);
  p.kBlocks = llvm::divideCeil(p.k, p.tk);

  if (p.tm != 64 && p.tm != 128 && p.tm != 256)
    return func.emitError("tile M ")
           << p.tm << " is not supported by the lowering yet (64, 128 or 256)";
  if (p.tk != 128)
    return func.emitError("tile K ") << p.tk << " must be 128";
  // A tile must lie inside one 128-row block of B scales.
  if (p.tn % 8 != 0 || p.tn > 256 || (128 % p.tn != 0 && p.n > p.tn))
    return func.emitError("tile N ")
           << p.tn
           << " is not supported by the lowering yet (a divisor of 128, so "
              "that a tile sits in one B scale block, or all of N)";
  if (!isFP8Type(p.aType) || !isFP8Type(p.bType))
    return func.emitError("the lowering needs FP8 operands, found ")
           << p.aType << " and " << p.bType;
  if (!p.dType.isBF16())
    return func.emitError("the lowering writes bf16 output, not ") << p.dType;
  if (ShapedType::isDynamic(p.n) || ShapedType::isDynamic(p.k))
    return func.emitError("N and K must be static");
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
  return isa<Float8E5M2Type>(t) ? NVVM::WGMMATypes::e5m2
                                : NVVM::WGMMATypes::e4m3;
}

/// Builds the kernel body. Index arithmetic goes through small helpers so
/// that the structure stays readable.
class KernelBuilder {
public:
  KernelBuilder(OpBuilder &b, Location loc, const TileProgram &p)
      : b(b), loc(loc), p(p), ctx(b.getContext()) {}

  void build(gpu::GPUFuncOp kernel);

private:
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i32(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
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
  Value toI64(Value v) {
    return arith::IndexCastUIOp::create(b, loc, b.getI64Type(), v);
  }
  /// Parity of round `r` of a stage, as the i1 mbarrier waits take.
  Value parity(Value round) {
    return arith::IndexCastUIOp::create(b, loc, b.getI1Type(),
                                        andi(round, idx(1)));
  }

  Attribute workgroup() {
    return gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  }
  MemRefType smemType(ArrayRef<int64_t> shape, Type elem) {
    return MemRefType::get(shape, elem, MemRefLayoutAttrInterface(),
                           workgroup());
  }
  nvgpu::MBarrierGroupType barrierType() {
    return nvgpu::MBarrierGroupType::get(ctx, workgroup(), p.stages);
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
  /// The thread that issues the epilogue's TMA stores: the first math
  /// thread.
  Value isStorer() { return eq(tid, idx(128)); }
  /// The shared-memory tiles the TMA boxes fill or store.
  MemRefType aBox() { return smemType({p.tm, p.tk}, p.aType); }
  MemRefType bBox() { return smemType({p.tn, p.tk}, p.bType); }
  MemRefType saBox() { return smemType({1, p.tm}, b.getF32Type()); }
  MemRefType dBox() { return smemType({p.tm, p.dBoxCols()}, b.getBF16Type()); }
  /// A typed view of the dynamic shared memory at `offset` bytes past the
  /// aligned base.
  Value view(Value offset, MemRefType type) {
    return memref::ViewOp::create(b, loc, type, smem, add(alignPad, offset),
                                  ValueRange{});
  }
  /// wgmma descriptor of a K-major, 128-byte-swizzled tile at shared
  /// address `addr` (bytes): start address >> 4, leading byte offset 1
  /// (unused for swizzled K-major), stride byte offset 1024 >> 4 between
  /// groups of 8 rows, swizzle mode 1 (128 bytes) in bits 62-63.
  Value wgmmaDescriptor(Value addr) {
    uint64_t fixed =
        (uint64_t(1) << 62) | (uint64_t(1024 >> 4) << 32) | (uint64_t(1) << 16);
    Value start = arith::ShRUIOp::create(
        b, loc,
        andi(addr,
             arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0x3FFFF)),
        arith::ConstantIntOp::create(b, loc, b.getI64Type(), 4));
    return arith::OrIOp::create(
        b, loc, start,
        arith::ConstantIntOp::create(b, loc, b.getI64Type(), fixed));
  }

  /// Emits a loop over the tiles this CTA computes and calls `body` with
  /// the tile's coordinates and the number of K blocks the CTA went through
  /// before it (the running position in the stage ring).
  void forEachTile(
      function_ref<void(Value tmIdx, Value tnIdx, Value iterBase)> body);
  nvgpu::TensorMapSwizzleKind dSwizzleKind() {
    switch (p.dSwizzleBytes()) {
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
  void buildEpilogue(ValueRange accs, Value tmIdx, Value tnIdx, Value rowInTile,
                     Value colInTile);
  void buildProducer();
  void buildProducerLoop();
  void buildMath(Value wg);

  OpBuilder &b;
  Location loc;
  const TileProgram &p;
  MLIRContext *ctx;
  // Set up by build().
  Value tid, bid, gridSize, smem, alignPad, smemBase, full, empty;
  Value descA, descB, descSA, descD, sbPtr, mSize;
};

void KernelBuilder::build(gpu::GPUFuncOp kernel) {
  Block &entry = kernel.getBody().front();
  b.setInsertionPointToStart(&entry);
  auto cast = [&](Value v, Type t) {
    return UnrealizedConversionCastOp::create(b, loc, t, v).getResult(0);
  };
  descA = cast(entry.getArgument(0),
               descType(aBox(), nvgpu::TensorMapSwizzleKind::SWIZZLE_128B));
  descB = cast(entry.getArgument(1),
               descType(bBox(), nvgpu::TensorMapSwizzleKind::SWIZZLE_128B));
  descSA = cast(entry.getArgument(2),
                descType(saBox(), nvgpu::TensorMapSwizzleKind::SWIZZLE_NONE));
  descD = cast(entry.getArgument(3), descType(dBox(), dSwizzleKind()));
  sbPtr = entry.getArgument(4);
  mSize = arith::IndexCastUIOp::create(b, loc, b.getIndexType(),
                                       entry.getArgument(5));

  tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  gridSize = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value wg = div(tid, idx(128));

  smem = gpu::DynamicSharedMemoryOp::create(
      b, loc, smemType({ShapedType::kDynamic}, b.getI8Type()));
  smemBase = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, smem);
  alignPad =
      rem(sub(idx(kSwizzleAtomBytes), rem(smemBase, idx(kSwizzleAtomBytes))),
          idx(kSwizzleAtomBytes));

  full = nvgpu::MBarrierCreateOp::create(b, loc, barrierType());
  empty = nvgpu::MBarrierCreateOp::create(b, loc, barrierType());
  ifThen(eq(tid, idx(0)), [&] {
    for (int64_t s = 0; s < p.stages; ++s) {
      nvgpu::MBarrierInitOp::create(b, loc, full, idx(1), idx(s), Value());
      nvgpu::MBarrierInitOp::create(b, loc, empty, idx(4 * p.numMath()), idx(s),
                                    Value());
    }
    // Make the initialized barriers visible to the TMA unit (async proxy)
    // before anyone uses them.
    NVVM::FenceMbarrierInitOp::create(b, loc);
    for (Value desc : {descA, descB, descSA, descD})
      nvgpu::TmaPrefetchOp::create(b, loc, desc, Value());
  });
  gpu::BarrierOp::create(b, loc);

  auto isProducer = scf::IfOp::create(b, loc, eq(wg, idx(0)), true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&isProducer.getThenRegion().front());
    buildProducer();
    b.setInsertionPointToStart(&isProducer.getElseRegion().front());
    buildMath(wg);
  }
  gpu::ReturnOp::create(b, loc);
}

// Tiles are numbered in groups of kRasterGroup rows of tiles, column by
// column inside a group, so that the CTAs running at the same time share
// rows of A and columns of B in L2. A CTA takes tiles bid, bid + grid, ...:
// one tile with the data-parallel grid, several with the persistent one.
void KernelBuilder::forEachTile(
    function_ref<void(Value tmIdx, Value tnIdx, Value iterBase)> body) {
  constexpr int64_t kRasterGroup = 8;
  int64_t nTiles = llvm::divideCeil(p.n, p.tn);
  Value mTiles = arith::CeilDivUIOp::create(b, loc, mSize, idx(p.tm));
  Value numTiles = mul(mTiles, idx(nTiles));
  Value groupSize = idx(kRasterGroup * nTiles);
  scf::ForOp::create(b, loc, bid, numTiles, gridSize, ValueRange{},
                     [&](OpBuilder &, Location, Value tile, ValueRange) {
                       Value group = div(tile, groupSize);
                       Value firstM = mul(group, idx(kRasterGroup));
                       Value rows = arith::MinUIOp::create(
                           b, loc, sub(mTiles, firstM), idx(kRasterGroup));
                       Value inGroup = rem(tile, groupSize);
                       Value tmIdx = add(firstM, rem(inGroup, rows));
                       Value tnIdx = div(inGroup, rows);
                       Value done = div(sub(tile, bid), gridSize);
                       body(tmIdx, tnIdx, mul(done, idx(p.kBlocks)));
                       scf::YieldOp::create(b, loc);
                     });
}

void KernelBuilder::buildProducer() {
  NVVM::SetMaxRegisterOp::create(b, loc, kProducerRegisters,
                                 NVVM::SetMaxRegisterAction::decrease);
  ifThen(eq(tid, idx(0)), [&] { buildProducerLoop(); });
}

void KernelBuilder::buildProducerLoop() {
  forEachTile([&](Value tmIdx, Value tnIdx, Value iterBase) {
    Value rowA = mul(tmIdx, idx(p.tm)), rowB = mul(tnIdx, idx(p.tn));
    scf::ForOp::create(
        b, loc, idx(0), idx(p.kBlocks), idx(1), ValueRange{},
        [&](OpBuilder &, Location, Value kb, ValueRange) {
          Value iter = add(iterBase, kb);
          Value stage = rem(iter, idx(p.stages));
          Value round = div(iter, idx(p.stages));
          // From the second round on, wait until the math warpgroups have
          // released this stage (the previous round's phase completed).
          ifThen(ult(idx(p.stages - 1), iter), [&] {
            nvgpu::MBarrierTryWaitParityOp::create(b, loc, empty,
                                                   parity(add(round, idx(1))),
                                                   idx(10000000), stage);
          });
          nvgpu::MBarrierArriveExpectTxOp::create(
              b, loc, full, idx(p.txBytes()), stage, Value());
          Value kCol = mul(kb, idx(p.tk));
          nvgpu::TmaAsyncLoadOp::create(
              b, loc, view(mul(stage, idx(p.aStageBytes())), aBox()), full,
              descA, ValueRange{kCol, rowA}, stage, Value(), Value());
          nvgpu::TmaAsyncLoadOp::create(
              b, loc,
              view(add(idx(p.offB()), mul(stage, idx(p.bStageBytes()))),
                   bBox()),
              full, descB, ValueRange{kCol, rowB}, stage, Value(), Value());
          nvgpu::TmaAsyncLoadOp::create(
              b, loc,
              view(add(idx(p.offSA()), mul(stage, idx(p.saStageBytes()))),
                   saBox()),
              full, descSA, ValueRange{rowA, kb}, stage, Value(), Value());
          scf::YieldOp::create(b, loc);
        });
  });
}

void KernelBuilder::buildMath(Value wg) {
  NVVM::SetMaxRegisterOp::create(b, loc, kMathRegisters,
                                 NVVM::SetMaxRegisterAction::increase);
  int64_t fragSize = p.tn / 2;
  Type f32 = b.getF32Type();
  auto fragType =
      LLVM::LLVMStructType::getLiteral(ctx, SmallVector<Type>(fragSize, f32));
  Value mathWg = sub(wg, idx(1));
  Value local = rem(tid, idx(128));
  Value warp = div(local, idx(32)), lane = rem(local, idx(32));
  // wgmma's fp32 fragment: a thread holds rows r0 and r0 + 8 of its warp's
  // 16 rows; element 4j + 2h + c sits at row r0 + 8h, column
  // 8j + 2 (lane % 4) + c.
  Value rowInTile =
      add(mul(mathWg, idx(64)), add(mul(warp, idx(16)), div(lane, idx(4))));
  Value colInTile = mul(rem(lane, idx(4)), idx(2));

  Value base64 = toI64(add(smemBase, alignPad));
  Value aWarpgroup = add(base64, toI64(mul(mathWg, idx(64 * p.tk))));
  MemRefType saVec = smemType({p.tm}, f32);

  auto shape = NVVM::MMAShapeAttr::get(ctx, 64, p.tn, kWgmmaK);
  auto typeA = NVVM::WGMMATypesAttr::get(ctx, wgmmaType(p.aType));
  auto typeB = NVVM::WGMMATypesAttr::get(ctx, wgmmaType(p.bType));
  auto typeD = NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::f32);
  auto one = NVVM::WGMMAScaleInAttr::get(ctx, NVVM::WGMMAScaleIn::one);
  auto rowLayout = NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::row);
  auto colLayout = NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::col);

  forEachTile([&](Value tmIdx, Value tnIdx, Value iterBase) {
    Value sbRow = div(mul(tnIdx, idx(p.tn)), idx(128));
    Value sbBase = mul(sbRow, idx(p.kBlocks));

    // One K block's stage: waited for, with its B scale and addresses.
    struct Block {
      Value stage, sb, saView, aStage, bStage;
    };
    auto waitBlock = [&](Value kb) -> Block {
      Value iterIdx = add(iterBase, kb);
      Value stage = rem(iterIdx, idx(p.stages));
      Value round = div(iterIdx, idx(p.stages));
      // The B scale of this tile's 128-column block; loaded before the wait
      // so that its latency hides behind it.
      Value sbAddr =
          LLVM::GEPOp::create(b, loc, LLVM::LLVMPointerType::get(ctx), f32,
                              sbPtr, ValueRange{toI64(add(sbBase, kb))});
      Value sb = LLVM::LoadOp::create(b, loc, f32, sbAddr);
      nvgpu::MBarrierTryWaitParityOp::create(b, loc, full, parity(round),
                                             idx(10000000), stage);
      return {
          stage, sb,
          view(add(idx(p.offSA()), mul(stage, idx(p.saStageBytes()))), saVec),
          add(aWarpgroup, toI64(mul(stage, idx(p.aStageBytes())))),
          add(base64,
              toI64(add(idx(p.offB()), mul(stage, idx(p.bStageBytes())))))};
    };
    // One wave of a block in flight: its fragment and its row scales
    // (multiplied by the block's B scale).
    struct Wave {
      Value partial, scale0, scale1, stage;
      bool releases;
    };
    auto issueWave = [&](const Block &blk, int64_t wave) -> Wave {
      // Read this thread's two row scales before the wgmmas, so that the
      // reads are long done when the warp releases the stage.
      Value row = add(rowInTile, idx(wave * 128));
      Value sa0 = memref::LoadOp::create(b, loc, blk.saView, row);
      Value sa1 = memref::LoadOp::create(b, loc, blk.saView, add(row, idx(8)));
      Value aWave =
          add(blk.aStage, arith::ConstantIntOp::create(b, loc, b.getI64Type(),
                                                       wave * 128 * p.tk));
      NVVM::WgmmaFenceAlignedOp::create(b, loc);
      Value partial = LLVM::UndefOp::create(b, loc, fragType);
      for (int64_t kk = 0; kk < p.tk / kWgmmaK; ++kk) {
        Value offset =
            arith::ConstantIntOp::create(b, loc, b.getI64Type(), kk * kWgmmaK);
        auto scaleD = NVVM::WGMMAScaleOutAttr::get(
            ctx,
            kk == 0 ? NVVM::WGMMAScaleOut::zero : NVVM::WGMMAScaleOut::one);
        partial = NVVM::WgmmaMmaAsyncOp::create(
            b, loc, fragType, partial, wgmmaDescriptor(add(aWave, offset)),
            wgmmaDescriptor(add(blk.bStage, offset)), shape, typeA, typeB,
            typeD, scaleD, one, one, rowLayout, colLayout,
            NVVM::MMAIntOverflowAttr());
      }
      NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
      return {partial, arith::MulFOp::create(b, loc, sa0, blk.sb),
              arith::MulFOp::create(b, loc, sa1, blk.sb), blk.stage,
              wave == p.numWaves() - 1};
    };
    // A completed wave: after a block's last wave the warp's wgmmas are done
    // reading the stage, and one lane per warp releases it (the barrier
    // counts warps); then the promotion acc += partial * scale.
    auto finish = [&](const Wave &w, Value acc) {
      if (w.releases)
        ifThen(eq(lane, idx(0)), [&] {
          nvgpu::MBarrierArriveOp::create(
              b, loc, nvgpu::MBarrierTokenType::get(ctx), empty, w.stage);
        });
      Value scale[2] = {w.scale0, w.scale1};
      for (int64_t i = 0; i < fragSize; ++i) {
        Value pi = LLVM::ExtractValueOp::create(b, loc, w.partial, i);
        Value ai = LLVM::ExtractValueOp::create(b, loc, acc, i);
        Value r = LLVM::FMAOp::create(b, loc, pi, scale[(i / 2) % 2], ai);
        acc = LLVM::InsertValueOp::create(b, loc, acc, r, i);
      }
      return acc;
    };
    // Computes `count` consecutive K blocks from `kb`. With one wave, each
    // block's wgmmas are issued before the previous block is promoted, so
    // the promotion's FMAs run while the tensor cores work (two fragments
    // live); no fragment in flight crosses a loop iteration, which would
    // make ptxas serialize the wgmmas (C7514). With two waves the registers
    // hold one fragment only, so each wave completes before the next.
    auto computeBlocks = [&](Value kb, int64_t count, ValueRange accsIn) {
      SmallVector<Value> accs(accsIn);
      if (p.numWaves() == 1) {
        std::optional<Wave> previous;
        for (int64_t c = 0; c < count; ++c) {
          Wave current = issueWave(waitBlock(add(kb, idx(c))), 0);
          if (previous) {
            NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
            accs[0] = finish(*previous, accs[0]);
          }
          previous = current;
        }
        NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
        accs[0] = finish(*previous, accs[0]);
        return accs;
      }
      for (int64_t c = 0; c < count; ++c) {
        Block blk = waitBlock(add(kb, idx(c)));
        for (int64_t wave = 0; wave < p.numWaves(); ++wave) {
          Wave w = issueWave(blk, wave);
          NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
          accs[wave] = finish(w, accs[wave]);
        }
      }
      return accs;
    };

    // Four blocks an iteration hide three promotions of four (two hid one
    // of two: benchmarks/results/2026-11-23-unroll4).
    int64_t unroll = p.numWaves() == 1 ? 4 : 1;
    SmallVector<Value> zeroAccs(p.numWaves(),
                                LLVM::ZeroOp::create(b, loc, fragType));
    auto loop = scf::ForOp::create(
        b, loc, idx(0), idx(p.kBlocks / unroll), idx(1), zeroAccs,
        [&](OpBuilder &, Location, Value it, ValueRange iter) {
          scf::YieldOp::create(
              b, loc, computeBlocks(mul(it, idx(unroll)), unroll, iter));
        });
    SmallVector<Value> accs(loop.getResults());
    if (int64_t tail = p.kBlocks % unroll)
      accs = computeBlocks(idx(p.kBlocks - tail), tail, accs);
    buildEpilogue(accs, tmIdx, tnIdx, rowInTile, colInTile);
  });
  // The CTA's shared memory must outlive the last TMA store.
  ifThen(isStorer(),
         [&] { NVVM::CpAsyncBulkWaitGroupOp::create(b, loc, 0, UnitAttr()); });
}

// The epilogue stages the bf16 tile in shared memory, in the swizzled layout
// of the D tensor map (conflict-free for the fragment's row pairs), and one
// thread stores it with TMA, which clips at M and N. The store drains while
// the next tile's main loop runs; the buffer is only rewritten once the
// previous store has read it.
void KernelBuilder::buildEpilogue(ValueRange accs, Value tmIdx, Value tnIdx,
                                  Value rowInTile, Value colInTile) {
  Type bf16 = b.getBF16Type();
  auto pairType = VectorType::get({2}, bf16);
  int64_t rowBytes = p.dBoxCols() * 2;
  int64_t blockBytes = p.tm * rowBytes;
  auto mathBarrier = [&] {
    NVVM::BarrierOp::create(b, loc, Type(), i32(1), i32(128 * p.numMath()),
                            NVVM::BarrierReductionAttr(), Value());
  };
  ifThen(isStorer(), [&] {
    NVVM::CpAsyncBulkWaitGroupOp::create(b, loc, 0, b.getUnitAttr());
  });
  mathBarrier();
  Value dView = view(idx(p.offD()), smemType({p.tm * p.tn / 2}, pairType));
  Value mask = idx(p.dSwizzleBytes() ? p.dSwizzleBytes() / 16 - 1 : 0);
  for (auto [wave, acc] : llvm::enumerate(accs))
    for (int64_t h = 0; h < 2; ++h) {
      Value row = add(rowInTile, idx(128 * wave + 8 * h));
      for (int64_t j = 0; j < p.tn / 8; ++j) {
        Value pair = LLVM::UndefOp::create(b, loc, pairType);
        for (int64_t c = 0; c < 2; ++c) {
          Value v = arith::TruncFOp::create(
              b, loc, bf16,
              LLVM::ExtractValueOp::create(b, loc, acc, 4 * j + 2 * h + c));
          pair = LLVM::InsertElementOp::create(
              b, loc, pair, v,
              arith::ConstantIntOp::create(b, loc, b.getI32Type(), c));
        }
        // Column 8j + 2 (lane % 4) of the tile lies in column block
        // col / boxCols of the tensor map.
        Value col = add(colInTile, idx(8 * j));
        Value block = div(col, idx(p.dBoxCols()));
        Value linear = add(mul(row, idx(rowBytes)),
                           mul(rem(col, idx(p.dBoxCols())), idx(2)));
        // The TMA swizzle: 16-byte chunk index ^= (byte offset / 128) & mask.
        Value chunkXor = arith::ShLIOp::create(
            b, loc, andi(arith::ShRUIOp::create(b, loc, linear, idx(7)), mask),
            idx(4));
        Value swizzled = arith::XOrIOp::create(b, loc, linear, chunkXor);
        Value byte = add(mul(block, idx(blockBytes)), swizzled);
        memref::StoreOp::create(b, loc, pair, dView, div(byte, idx(4)));
      }
    }
  // Make the generic-proxy writes visible to the TMA unit, then store.
  NVVM::FenceProxyOp::create(
      b, loc, NVVM::ProxyKind::async_shared,
      NVVM::SharedSpaceAttr::get(ctx, NVVM::SharedSpace::shared_cta));
  mathBarrier();
  ifThen(isStorer(), [&] {
    for (int64_t blk = 0; blk < p.tn / p.dBoxCols(); ++blk) {
      Value col = add(mul(tnIdx, idx(p.tn)), idx(blk * p.dBoxCols()));
      nvgpu::TmaAsyncStoreOp::create(
          b, loc, view(idx(p.offD() + blk * blockBytes), dBox()), descD,
          ValueRange{col, mul(tmIdx, idx(p.tm))}, Value());
    }
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
                 {"pass", str("global")}});
  };
  auto config = p.spec.getAs<ConfigAttr>("config");
  auto shape = p.spec.getAs<DenseI64ArrayAttr>("shape");
  SmallVector<int64_t> shapeValues;
  for (int64_t d : shape.asArrayRef())
    shapeValues.push_back(ShapedType::isDynamic(d) ? -1 : d);
  return dict({
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
      {"grid", str(config.getSchedule() == Schedule::Persistent ? "persistent"
                                                                : "tiles")},
      {"params", b.getArrayAttr({
                     tensorMap("a", {p.tk, p.tm}, 128),
                     tensorMap("b", {p.tk, p.tn}, 128),
                     tensorMap("sa", {p.tm, 1}, 0),
                     tensorMap("d", {p.dBoxCols(), p.tm}, p.dSwizzleBytes()),
                     dict({{"kind", str("pointer")}, {"tensor", str("sb")}}),
                     dict({{"kind", str("i32")}, {"value", str("m")}}),
                 })},
  });
}

LogicalResult lowerTileProgram(gpu::GPUFuncOp func) {
  FailureOr<TileProgram> program = matchTileProgram(func);
  if (failed(program))
    return failure();
  const TileProgram &p = *program;
  MLIRContext *ctx = func.getContext();
  OpBuilder b(func);
  Location loc = func.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  SmallVector<Type> params = {ptr, ptr, ptr, ptr, ptr, b.getI32Type()};
  std::string name = func.getName().str();
  auto kernel = gpu::GPUFuncOp::create(b, loc, name + ".lowered",
                                       b.getFunctionType(params, {}));
  kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  int32_t threads = static_cast<int32_t>(p.numThreads());
  kernel.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr({threads, 1, 1}));
  // A register cap at entry (one CTA per SM) lets setmaxnreg take effect.
  kernel->setAttr(NVVM::NVVMDialect::getMaxntidAttrName(),
                  b.getDenseI32ArrayAttr({threads, 1, 1}));
  kernel->setAttr(NVVM::NVVMDialect::getMinctasmAttrName(),
                  b.getI32IntegerAttr(1));

  KernelBuilder(b, loc, p).build(kernel);

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
  void runOnOperation() override {
    SmallVector<gpu::GPUFuncOp> programs;
    getOperation().walk([&](gpu::GPUFuncOp func) {
      if (!func.walk([](DotOp) { return WalkResult::interrupt(); })
               .wasInterrupted())
        return;
      programs.push_back(func);
    });
    for (gpu::GPUFuncOp func : programs)
      if (failed(lowerTileProgram(func)))
        return signalPassFailure();
  }
};

} // namespace
