//===- Expand.cpp - expand gemm.matmul specs into tile programs -----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// A spec becomes a gpu.module with one kernel whose arguments are the global
// tensors, in this order: A (M, K), the A scales, B (N, K), the B scales,
// then D (M, N). Block-scaled A takes its 1x128 scales M-major,
// (ceil(K/128), M), so that a tile's scales are one contiguous TMA box.
// Block-scaled B takes its 128x128 scales as (ceil(N/128), ceil(K/128)).
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace mlir::gemm {
#define GEN_PASS_DEF_GEMMEXPAND
#include "GemmPasses.h.inc"
} // namespace mlir::gemm

using namespace mlir;
using namespace mlir::gemm;

namespace {

/// The recipes the tile program expresses today.
enum class Recipe { Unscaled, BlockScaled };

FailureOr<Recipe> classifyRecipe(MatmulOp op) {
  OperandAttr a = op.getA(), b = op.getB();
  if (!a.isScaled() && !b.isScaled() && !op.getCAttr())
    return Recipe::Unscaled;
  auto isBlock = [](OperandAttr x, int64_t rows) {
    return x.getScaleKind() == ScaleKind::Block &&
           x.getScaleBlock()[0] == rows && x.getScaleType().isF32();
  };
  if (isBlock(a, 1) && isBlock(b, 128) && !op.getCAttr())
    return Recipe::BlockScaled;
  return op.emitOpError("recipe (A ")
         << a << ", B " << b
         << (op.getCAttr() ? ", with C" : "")
         << ") is not supported by gemm-expand yet; supported: unscaled, "
            "and A block_scale [1, 128] with B block_scale [128, 128]";
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
  int64_t kBlocks = llvm::divideCeil(k, tk);
  Type aType = op.getA().getElementType(), bType = op.getB().getElementType();
  Type dType = op.getD().getElementType();
  Type f32 = b.getF32Type();

  SmallVector<Type> argTypes;
  argTypes.push_back(MemRefType::get({m, k}, aType));
  if (*recipe == Recipe::BlockScaled)
    argTypes.push_back(MemRefType::get({kBlocks, m}, f32));
  argTypes.push_back(MemRefType::get({n, k}, bType));
  if (*recipe == Recipe::BlockScaled)
    argTypes.push_back(
        MemRefType::get({int64_t(llvm::divideCeil(n, 128)), kBlocks}, f32));
  argTypes.push_back(MemRefType::get({m, n}, dType));

  auto module = gpu::GPUModuleOp::create(b, loc, (op.getSymName() + "_kernels").str());
  b.setInsertionPointToStart(module.getBody());
  auto func = gpu::GPUFuncOp::create(b, loc, op.getSymName(),
                                     b.getFunctionType(argTypes, {}));
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  SmallVector<NamedAttribute> spec = {
      b.getNamedAttr("shape", op.getShapeAttr()),
      b.getNamedAttr("a", op.getA()), b.getNamedAttr("b", op.getB()),
      b.getNamedAttr("d", op.getD()), b.getNamedAttr("config", config)};
  func->setAttr(kSpecAttrName, b.getDictionaryAttr(spec));

  Block &body = func.getBody().front();
  b.setInsertionPointToStart(&body);
  unsigned argIdx = 0;
  Value A = body.getArgument(argIdx++);
  Value SA = *recipe == Recipe::BlockScaled ? body.getArgument(argIdx++) : Value();
  Value B = body.getArgument(argIdx++);
  Value SB = *recipe == Recipe::BlockScaled ? body.getArgument(argIdx++) : Value();
  Value D = body.getArgument(argIdx++);

  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value mSize = memref::DimOp::create(b, loc, A, 0);
  Value mTiles = arith::CeilDivUIOp::create(b, loc, mSize, cst(tm));
  Value nTiles = cst(llvm::divideCeil(n, tn));
  auto coords = TileCoordsOp::create(b, loc, mTiles, nTiles);
  Value tmIdx = coords.getM(), tnIdx = coords.getN();

  auto accType = RankedTensorType::get({tm, tn}, f32);
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getF32FloatAttr(0.0f)));
  // The 128-row scale block of B that this tile's columns fall in.
  Value sbRow;
  if (*recipe == Recipe::BlockScaled)
    sbRow = arith::DivUIOp::create(
        b, loc, arith::MulIOp::create(b, loc, tnIdx, cst(tn)), cst(128));

  auto loop = scf::ForOp::create(
      b, loc, cst(0), cst(kBlocks), cst(1), ValueRange{zero},
      [&](OpBuilder &lb, Location l, Value kb, ValueRange iter) {
        Value a = LoadOp::create(lb, l, RankedTensorType::get({tm, tk}, aType),
                                 A, ValueRange{tmIdx, kb});
        Value bt = LoadOp::create(lb, l, RankedTensorType::get({tn, tk}, bType),
                                  B, ValueRange{tnIdx, kb});
        Value next;
        if (*recipe == Recipe::BlockScaled) {
          Value sa = LoadOp::create(lb, l, RankedTensorType::get({tm}, f32), SA,
                                    ValueRange{kb, tmIdx});
          Value sb = LoadOp::create(lb, l, RankedTensorType::get({}, f32), SB,
                                    ValueRange{sbRow, kb});
          Value p = DotOp::create(lb, l, accType, a, bt, Value());
          next = ScaleAddOp::create(lb, l, accType, iter[0], p, sa, sb);
        } else {
          next = DotOp::create(lb, l, accType, a, bt, iter[0]);
        }
        scf::YieldOp::create(lb, l, next);
      });
  Value out = loop.getResult(0);
  if (dType != f32)
    out = arith::TruncFOp::create(b, loc, RankedTensorType::get({tm, tn}, dType),
                                  out);
  StoreOp::create(b, loc, out, D, ValueRange{tmIdx, tnIdx});
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
