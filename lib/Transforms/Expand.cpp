//===- Expand.cpp - expand gemm.matmul specs into tile programs -----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// A spec becomes a gpu.module with one kernel whose arguments are the global
// tensors, in this order: A (M, K), the A scales, B (N, K), the B scales,
// C (M, N) when the spec adds one, then D (M, N). Scale tensors by kind:
//   tensor           memref<1xf32>
//   row              memref<Rxf32> (R = M for A, N for B)
//   block [1, 128]   M- (or N-) major, (ceil(K/128), R), so that a tile's
//                    scales are one contiguous TMA box
//   block [128, 128] (ceil(N/128), ceil(K/128)), for B only
//
// Two shapes of tile program:
//   block-scaled  A block [1, 128] with B block [128, 128] or [1, 128]: each
//                 K block's product is promoted into the accumulator with
//                 its scales (gemm.scale_add inside the K loop);
//   epilogue      tensor, row or no scales: the dot accumulates over all of
//                 K and the scales apply once, after the loop.
// C, when present, is added after the scales.
//
// Grouped GEMMs (block-scaled recipe only): B is (G, N, K) and its scales
// (G, ceil(N/128), ceil(K/128)); a last argument holds the int32 group
// index of each row (m_contiguous: the tile takes its first row's group,
// -1 skips the tile) or the valid rows of each group (m_masked: A and D
// are the groups' (max_m, K) and (max_m, N) blocks stacked, the tiles of
// group g are those of rows g * max_m .., and a tile past masked_m[g] is
// skipped).
//
// K-grouped GEMMs (k_contiguous, both operands 1x128): the groups split K.
// A (M, K), B (N, K) and their scales are as above, C and D are the groups'
// (M, N) outputs stacked, (G * M, N), and the last argument holds each
// group's share of K (int32 ks[G], multiples of 128). The tiles of group g
// are those of rows g * M ..; a tile's K loop runs over its group's blocks,
// which start after the earlier groups'.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMEXPAND
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

namespace {

/// Where a recipe's scales apply.
enum class Recipe { BlockScaled, Epilogue };

bool isBlockScale(OperandAttr x, int64_t rows) {
  return x.getScaleKind() == ScaleKind::Block && x.getScaleBlock()[0] == rows;
}

FailureOr<Recipe> classifyRecipe(MatmulOp op) {
  OperandAttr a = op.getA(), b = op.getB();
  auto fail = [&](StringRef why) {
    return op.emitOpError("recipe (A ")
           << a << ", B " << b << ") is not supported by gemm-expand yet: "
           << why;
  };
  // UE8M0 bytes (f8E8M0FNU) are decoded where block scales are promoted.
  for (OperandAttr x : {a, b})
    if (x.isScaled() && !x.getScaleType().isF32() &&
        x.getScaleKind() != ScaleKind::Block)
      return fail("f8E8M0FNU scales are supported for block scales only "
                  "(store tensor and row scales as f32)");
  bool aBlock = a.getScaleKind() == ScaleKind::Block;
  bool bBlock = b.getScaleKind() == ScaleKind::Block;
  if (!aBlock && !bBlock)
    return Recipe::Epilogue;
  if (isBlockScale(a, 1) && (isBlockScale(b, 128) || isBlockScale(b, 1)))
    return Recipe::BlockScaled;
  return fail("block scales need A block_scale [1, 128] with B block_scale "
              "[128, 128] or [1, 128]");
}

/// The global tensor of an operand's scales (see the file comment), of the
/// scale type (f32, or UE8M0 bytes for block scales); null when it has none.
Type scaleTensorType(OperandAttr x, int64_t rows, int64_t k) {
  Type f32 = x.getScaleType();
  int64_t kBlocks = ShapedType::isDynamic(k) ? ShapedType::kDynamic
                                             : llvm::divideCeil(k, 128);
  switch (x.getScaleKind()) {
  case ScaleKind::None:
    return Type();
  case ScaleKind::Tensor:
    return MemRefType::get({1}, f32);
  case ScaleKind::Row:
    return MemRefType::get({rows}, f32);
  case ScaleKind::Block:
    if (x.getScaleBlock()[0] == 1)
      return MemRefType::get({kBlocks, rows}, f32);
    return MemRefType::get({int64_t(llvm::divideCeil(rows, 128)), kBlocks},
                           f32);
  }
  llvm_unreachable("scale kind");
}

/// Expands one spec; the new gpu.module is inserted before it.
LogicalResult expand(MatmulOp op) {
  ConfigAttr config = op.getConfigAttr();
  if (!config || !config.isComplete())
    return op.emitOpError(
        "config is incomplete; run gemm-select-config before gemm-expand");
  FailureOr<Recipe> recipe = classifyRecipe(op);
  if (failed(recipe))
    return failure();

  OpBuilder b(op);
  Location loc = op.getLoc();
  int64_t m = op.getM(), n = op.getN(), k = op.getK();
  ArrayRef<int64_t> tile = config.getTile();
  int64_t tm = tile[0], tn = tile[1], tk = tile[2];
  // Unused when K is dynamic (k_contiguous: the groups' K blocks are read
  // from ks).
  int64_t kBlocks = ShapedType::isDynamic(k) ? 0 : llvm::divideCeil(k, tk);
  OperandAttr aAttr = op.getA(), bAttr = op.getB(), cAttr = op.getCAttr();
  Type aType = aAttr.getElementType(), bType = bAttr.getElementType();
  Type dType = op.getD().getElementType();
  Type f32 = b.getF32Type();

  std::optional<Grouping> grouping = op.getGrouping();
  bool kGrouped = grouping == Grouping::KContiguous;
  if (grouping && !kGrouped &&
      (*recipe != Recipe::BlockScaled || !isBlockScale(bAttr, 128) || cAttr))
    return op.emitOpError("M-grouped GEMMs are supported by gemm-expand for "
                          "the block-scaled recipe (A block_scale [1, 128], "
                          "B block_scale [128, 128]) without C only");
  if (grouping && config.getSplits() > 1)
    return op.emitOpError("split_k with grouping is not supported yet");
  Type saType = scaleTensorType(aAttr, m, k);
  Type sbType = scaleTensorType(bAttr, n, k);
  // Masked: the groups' (ceil(K/128), max_m) A scales stacked.
  if (grouping == Grouping::MMasked)
    saType = MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic},
                             b.getF32Type());
  // Grouped: B and its scales get a leading group dimension.
  auto perGroup = [&](Type t) -> Type {
    auto memref = cast<MemRefType>(t);
    SmallVector<int64_t> shape = {ShapedType::kDynamic};
    llvm::append_range(shape, memref.getShape());
    return MemRefType::get(shape, memref.getElementType());
  };
  Type bArgType = MemRefType::get({n, k}, bType);
  if (grouping && !kGrouped) {
    bArgType = perGroup(bArgType);
    sbType = perGroup(sbType);
  }
  SmallVector<Type> argTypes;
  argTypes.push_back(MemRefType::get({m, k}, aType));
  if (saType)
    argTypes.push_back(saType);
  argTypes.push_back(bArgType);
  if (sbType)
    argTypes.push_back(sbType);
  // K-grouped: C and D are the groups' (M, N) blocks stacked.
  int64_t outRows = kGrouped ? ShapedType::kDynamic : m;
  if (cAttr)
    argTypes.push_back(
        MemRefType::get({outRows, n}, cAttr.getElementType()));
  argTypes.push_back(MemRefType::get({outRows, n}, dType));
  if (grouping)
    argTypes.push_back(MemRefType::get({ShapedType::kDynamic}, b.getI32Type()));

  auto module = gpu::GPUModuleOp::create(b, loc, (op.getSymName() + "_kernels").str());
  b.setInsertionPointToStart(module.getBody());
  auto func = gpu::GPUFuncOp::create(b, loc, op.getSymName(),
                                     b.getFunctionType(argTypes, {}));
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  SmallVector<NamedAttribute> spec = {
      b.getNamedAttr("shape", op.getShapeAttr()),
      b.getNamedAttr("a", aAttr), b.getNamedAttr("b", bAttr),
      b.getNamedAttr("d", op.getD()), b.getNamedAttr("config", config)};
  if (cAttr)
    spec.push_back(b.getNamedAttr("c", cAttr));
  if (grouping)
    spec.push_back(b.getNamedAttr("grouping", op.getGroupingAttr()));
  if (op.getExpectedMAttr())
    spec.push_back(b.getNamedAttr("expected_m", op.getExpectedMAttr()));
  func->setAttr(kSpecAttrName, b.getDictionaryAttr(spec));

  Block &body = func.getBody().front();
  b.setInsertionPointToStart(&body);
  unsigned argIdx = 0;
  Value A = body.getArgument(argIdx++);
  Value SA = saType ? body.getArgument(argIdx++) : Value();
  Value B = body.getArgument(argIdx++);
  Value SB = sbType ? body.getArgument(argIdx++) : Value();
  Value C = cAttr ? body.getArgument(argIdx++) : Value();
  Value D = body.getArgument(argIdx++);
  Value groupIndex = grouping ? body.getArgument(argIdx++) : Value();

  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto splat = [&](ArrayRef<int64_t> shape, float v) -> Value {
    auto type = RankedTensorType::get(shape, f32);
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(v)));
  };
  Value mSize = memref::DimOp::create(b, loc, A, 0);
  Value mTiles = arith::CeilDivUIOp::create(b, loc, mSize, cst(tm));
  Value nTiles = cst(llvm::divideCeil(n, tn));
  // K-grouped: every group has the tiles of one (M, N) output.
  Value groupTiles = mTiles;
  if (kGrouped)
    mTiles = arith::MulIOp::create(
        b, loc, memref::DimOp::create(b, loc, groupIndex, 0), groupTiles);
  auto coords = TileCoordsOp::create(b, loc, mTiles, nTiles);
  Value tmIdx = coords.getM(), tnIdx = coords.getN();
  // The tile's K blocks: all of K, or the K-grouped tile's group's share,
  // which starts past the earlier groups' (ks are multiples of tk).
  Value kFirst = cst(0), kEnd = cst(kBlocks);
  Value aTile = tmIdx;

  // Grouped: the tile's group, whether the tile has work, and where its A
  // scales are (row block of K blocks, tile along M).
  Value group, saTile = tmIdx, saKBase;
  auto toIndex = [&](Value i32) -> Value {
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), i32);
  };
  if (kGrouped) {
    Value g = arith::DivUIOp::create(b, loc, tmIdx, groupTiles);
    aTile = saTile = arith::RemUIOp::create(b, loc, tmIdx, groupTiles);
    auto blocksOf = [&](OpBuilder &lb, Location l, Value gi) -> Value {
      Value size = arith::IndexCastOp::create(
          lb, l, lb.getIndexType(), memref::LoadOp::create(lb, l, groupIndex, gi));
      return arith::DivUIOp::create(lb, l, size, cst(tk));
    };
    kFirst = scf::ForOp::create(
                 b, loc, cst(0), g, cst(1), ValueRange{cst(0)},
                 [&](OpBuilder &lb, Location l, Value gi, ValueRange sum) {
                   scf::YieldOp::create(
                       lb, l,
                       ValueRange{arith::AddIOp::create(lb, l, sum[0],
                                                        blocksOf(lb, l, gi))});
                 })
                 .getResult(0);
    kEnd = arith::AddIOp::create(b, loc, kFirst, blocksOf(b, loc, g));
  } else if (grouping) {
    Value valid;
    if (*grouping == Grouping::MContiguous) {
      Value first = arith::MulIOp::create(b, loc, tmIdx, cst(tm));
      Value g = memref::LoadOp::create(b, loc, groupIndex, first);
      valid = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::sge, g,
          arith::ConstantIntOp::create(b, loc, b.getI32Type(), 0));
      group = toIndex(g);
    } else {
      Value groups = memref::DimOp::create(b, loc, groupIndex, 0);
      Value maxM = arith::DivUIOp::create(b, loc, mSize, groups);
      Value perGroup = arith::CeilDivUIOp::create(b, loc, maxM, cst(tm));
      group = arith::DivUIOp::create(b, loc, tmIdx, perGroup);
      saTile = arith::RemUIOp::create(b, loc, tmIdx, perGroup);
      saKBase = arith::MulIOp::create(b, loc, group, cst(kBlocks));
      Value rows = toIndex(memref::LoadOp::create(b, loc, groupIndex, group));
      valid = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::ult,
          arith::MulIOp::create(b, loc, saTile, cst(tm)), rows);
    }
    auto ifOp = scf::IfOp::create(b, loc, valid, /*withElseRegion=*/false);
    b.setInsertionPoint(ifOp.getThenRegion().front().getTerminator());
  }
  // Indices of B and of its scales, with the group first when grouped.
  auto withGroup = [&](std::initializer_list<Value> indices) {
    SmallVector<Value> all;
    if (group)
      all.push_back(group);
    all.append(indices.begin(), indices.end());
    return all;
  };

  // The scales of one tile (and K block `kb` for block scales): a vector
  // over the tile's rows (columns), or one value; 1 when unscaled.
  auto loadScale = [&](OpBuilder &lb, Location l, OperandAttr x, Value S,
                       int64_t extent, Value tileIdx, Value kb) -> Value {
    Type scaleType = x.isScaled() ? x.getScaleType() : f32;
    auto vec = RankedTensorType::get({extent}, scaleType);
    auto scalar = RankedTensorType::get({}, scaleType);
    switch (x.getScaleKind()) {
    case ScaleKind::None:
      return splat({}, 1.0f);
    case ScaleKind::Tensor:
      return LoadOp::create(lb, l, scalar, S, ValueRange{cst(0)});
    case ScaleKind::Row:
      return LoadOp::create(lb, l, vec, S, ValueRange{tileIdx});
    case ScaleKind::Block:
      if (x.getScaleBlock()[0] == 1) {
        // Masked A scales: the group's block of K-block rows.
        if (S == SA && grouping == Grouping::MMasked)
          kb = arith::AddIOp::create(lb, l, saKBase, kb);
        return LoadOp::create(lb, l, vec, S,
                              ValueRange{kb, S == SA ? saTile : tileIdx});
      }
      // A tile over several 128-row scale blocks (a swapped tile of 256
      // weight rows) takes one scale per block: extent / 128 consecutive
      // blocks of column kb, a row of the transposed (K blocks, N blocks)
      // view.
      if (extent > 128 && extent % 128 == 0 && !group) {
        Value byK = memref::TransposeOp::create(
            lb, l, S,
            AffineMapAttr::get(AffineMap::getPermutationMap(
                ArrayRef<unsigned>{1, 0}, lb.getContext())));
        return LoadOp::create(
            lb, l, RankedTensorType::get({extent / 128}, scaleType), byK,
            ValueRange{kb, tileIdx});
      }
      // A tile whose extent does not divide 128 may straddle two scale
      // blocks at a varying column: each column takes its block's scale.
      if (128 % extent != 0 && n > 128) {
        Value first = arith::MulIOp::create(lb, l, tileIdx, cst(extent));
        Value lastBlock = cst(llvm::divideCeil(n, 128) - 1);
        return tensor::GenerateOp::create(
            lb, l, vec, ValueRange{},
            [&](OpBuilder &gb, Location gl, ValueRange j) {
              Value col = arith::AddIOp::create(gb, gl, first, j[0]);
              Value block = arith::MinUIOp::create(
                  gb, gl, arith::DivUIOp::create(gb, gl, col, cst(128)),
                  lastBlock);
              tensor::YieldOp::create(
                  gb, gl,
                  memref::LoadOp::create(gb, gl, S, withGroup({block, kb}))
                      .getResult());
            });
      }
      // The 128-row scale block that this tile's rows fall in.
      Value block = arith::DivUIOp::create(
          lb, l, arith::MulIOp::create(lb, l, tileIdx, cst(extent)), cst(128));
      return LoadOp::create(lb, l, scalar, S, withGroup({block, kb}));
    }
    llvm_unreachable("scale kind");
  };

  auto accType = RankedTensorType::get({tm, tn}, f32);
  Value zero = splat({tm, tn}, 0.0f);
  auto loop = scf::ForOp::create(
      b, loc, kFirst, kEnd, cst(1), ValueRange{zero},
      [&](OpBuilder &lb, Location l, Value kb, ValueRange iter) {
        Value a = LoadOp::create(lb, l, RankedTensorType::get({tm, tk}, aType),
                                 A, ValueRange{aTile, kb});
        Value bt = LoadOp::create(lb, l, RankedTensorType::get({tn, tk}, bType),
                                  B, withGroup({tnIdx, kb}));
        Value next;
        if (*recipe == Recipe::BlockScaled) {
          Value sa = loadScale(lb, l, aAttr, SA, tm, tmIdx, kb);
          Value sb = loadScale(lb, l, bAttr, SB, tn, tnIdx, kb);
          Value p = DotOp::create(lb, l, accType, a, bt, Value());
          next = ScaleAddOp::create(lb, l, accType, iter[0], p, sa, sb);
        } else {
          next = DotOp::create(lb, l, accType, a, bt, iter[0]);
        }
        scf::YieldOp::create(lb, l, next);
      });
  Value out = loop.getResult(0);
  if (*recipe == Recipe::Epilogue && (aAttr.isScaled() || bAttr.isScaled()))
    out = ScaleAddOp::create(b, loc, accType, zero, out,
                             loadScale(b, loc, aAttr, SA, tm, tmIdx, Value()),
                             loadScale(b, loc, bAttr, SB, tn, tnIdx, Value()));
  if (C) {
    Type cType = cAttr.getElementType();
    Value c = LoadOp::create(b, loc, RankedTensorType::get({tm, tn}, cType), C,
                             ValueRange{tmIdx, tnIdx});
    if (cType != f32)
      c = arith::ExtFOp::create(b, loc, accType, c);
    out = arith::AddFOp::create(b, loc, out, c);
  }
  if (dType != f32)
    out = arith::TruncFOp::create(b, loc, RankedTensorType::get({tm, tn}, dType),
                                  out);
  StoreOp::create(b, loc, out, D, ValueRange{tmIdx, tnIdx});
  b.setInsertionPointToEnd(&body);
  gpu::ReturnOp::create(b, loc);
  return success();
}

struct GemmExpandPass : public gemm::impl::GemmExpandBase<GemmExpandPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<MatmulOp> specs(module.getOps<MatmulOp>());
    for (MatmulOp op : specs) {
      if (failed(expand(op)))
        return signalPassFailure();
      op.erase();
      ++numExpanded;
    }
    if (!specs.empty())
      module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                      UnitAttr::get(module.getContext()));
  }
};
} // namespace
