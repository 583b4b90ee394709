//===- GemmOps.cpp - gemm operations --------------------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Dialect/GemmDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::gemm;

#define GET_OP_CLASSES
#include "GemmOps.cpp.inc"

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

// gemm.matmul @name { shape = [?, N, K], a = ..., b = ..., d = ...,
//                     c = ..., config = ... }
ParseResult MatmulOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  if (parser.parseSymbolName(name))
    return failure();
  Properties &props = result.getOrAddProperties<Properties>();
  props.sym_name = name;

  llvm::StringSet<> seen;
  auto parseField = [&]() -> ParseResult {
    StringRef key;
    SMLoc loc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (!seen.insert(key).second)
      return parser.emitError(loc, "field '") << key << "' repeated";
    if (key == "shape") {
      SmallVector<int64_t> shape;
      if (parser.parseCommaSeparatedList(
              OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
                if (succeeded(parser.parseOptionalQuestion())) {
                  shape.push_back(ShapedType::kDynamic);
                  return success();
                }
                int64_t v;
                if (parser.parseInteger(v))
                  return failure();
                shape.push_back(v);
                return success();
              }))
        return failure();
      props.shape = parser.getBuilder().getDenseI64ArrayAttr(shape);
      return success();
    }
    if (key == "expected_m") {
      int64_t value;
      if (parser.parseInteger(value))
        return failure();
      props.expected_m = parser.getBuilder().getI64IntegerAttr(value);
      return success();
    }
    if (key == "grouping") {
      StringRef word;
      SMLoc wordLoc = parser.getCurrentLocation();
      if (parser.parseKeyword(&word))
        return failure();
      std::optional<Grouping> grouping = symbolizeGrouping(word);
      if (!grouping)
        return parser.emitError(wordLoc, "unknown grouping '")
               << word << "'; expected m_contiguous, m_masked or k_contiguous";
      props.grouping =
          GroupingAttr::get(parser.getContext(), *grouping);
      return success();
    }
    Attribute attr;
    if (parser.parseAttribute(attr))
      return failure();
    if (key == "config") {
      props.config = dyn_cast<ConfigAttr>(attr);
      if (!props.config)
        return parser.emitError(loc, "'config' must be a #gemm.config");
      return success();
    }
    auto operand = dyn_cast<OperandAttr>(attr);
    if (key == "a" || key == "b" || key == "c" || key == "d") {
      if (!operand)
        return parser.emitError(loc, "'")
               << key << "' must be a #gemm.operand";
      (key == "a"   ? props.a
       : key == "b" ? props.b
       : key == "c" ? props.c
                    : props.d) = operand;
      return success();
    }
    return parser.emitError(loc, "unknown field '")
           << key
           << "'; expected shape, a, b, c, d, config, grouping or expected_m";
  };
  SMLoc bodyLoc = parser.getCurrentLocation();
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Braces,
                                     parseField))
    return failure();
  for (StringRef required : {"shape", "a", "b", "d"})
    if (!seen.contains(required))
      return parser.emitError(bodyLoc, "gemm.matmul needs a '")
             << required << "' field";
  return parser.parseOptionalAttrDictWithKeyword(result.attributes);
}

void MatmulOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << " {";
  p.increaseIndent();
  p.printNewline();
  p << "shape = [";
  llvm::interleaveComma(getShape(), p, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      p << '?';
    else
      p << d;
  });
  p << "],";
  auto field = [&](StringRef key, Attribute attr, bool last = false) {
    if (!attr)
      return;
    p.printNewline();
    p << key << " = ";
    p.printAttribute(attr);
    if (!last)
      p << ',';
  };
  field("a", getA());
  field("b", getB());
  field("c", getCAttr());
  bool hasExpectedM = bool(getExpectedMAttr());
  field("d", getD(),
        /*last=*/!getConfigAttr() && !getGroupingAttr() && !hasExpectedM);
  field("config", getConfigAttr(),
        /*last=*/!getGroupingAttr() && !hasExpectedM);
  if (getGroupingAttr()) {
    p.printNewline();
    p << "grouping = " << stringifyGrouping(*getGrouping());
    if (hasExpectedM)
      p << ',';
  }
  if (hasExpectedM) {
    p.printNewline();
    p << "expected_m = " << *getExpectedM();
  }
  p.decreaseIndent();
  p.printNewline();
  p << '}';
  p.printOptionalAttrDictWithKeyword((*this)->getDiscardableAttrDictionary().getValue());
}

int64_t mlir::gemm::estimateSharedMemory(MatmulOp op, ArrayRef<int64_t> tile,
                                         int64_t stages) {
  // The verifier asks before anything bounds the tile K or the stages, so
  // the estimate saturates at INT64_MAX instead of overflowing.
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  auto mul = [&](uint64_t x, uint64_t y) {
    return std::min(llvm::SaturatingMultiply(x, y), kMax);
  };
  auto add = [&](uint64_t x, uint64_t y) {
    return std::min(llvm::SaturatingAdd(x, y), kMax);
  };
  OperandAttr a = op.getA(), b = op.getB(), d = op.getD();
  uint64_t perStage = add(mul(mul(tile[0], tile[2]), a.getElementBytes()),
                          mul(mul(tile[1], tile[2]), b.getElementBytes()));
  // 1x128 block scales travel by TMA with the operands, one fp32 per row,
  // each vector 128-byte aligned.
  auto scaleVector = [&](OperandAttr x, int64_t rows) -> uint64_t {
    if (x.getScaleKind() != ScaleKind::Block || x.getScaleBlock()[0] != 1)
      return 0;
    return llvm::alignTo(mul(rows, 4), 128);
  };
  perStage = add(perStage, add(scaleVector(a, tile[0]), scaleVector(b, tile[1])));
  uint64_t barriers = mul(mul(2, stages), 8);
  uint64_t epilogue = mul(mul(tile[0], tile[1]), d.getElementBytes());
  // The kernel realigns its dynamic shared memory to the 1024 bytes of the
  // 128-byte swizzle pattern at run time, which costs up to 1024 bytes.
  uint64_t buffers = llvm::alignTo(mul(stages, perStage), 1024);
  return add(add(add(1024, buffers), epilogue), barriers);
}

static LogicalResult verifyOperand(MatmulOp op, StringRef name,
                                   OperandAttr operand, bool isOutput) {
  Type type = operand.getElementType();
  if (isOutput) {
    if (!isa<BFloat16Type, Float16Type, Float32Type>(type))
      return op.emitOpError("output ")
             << name << " is " << type << "; expected bf16, f16 or f32";
    if (operand.getMajor() == Major::K)
      return op.emitOpError("output ")
             << name << " cannot be k_major; use n_major or m_major";
    if (operand.isScaled())
      return op.emitOpError("output ") << name << " cannot be scaled";
    return success();
  }
  if (isa<Float32Type>(type))
    return op.emitOpError("input ")
           << name << " is f32; inputs are f8E4M3FN, f8E5M2, bf16 or f16";
  Major wrong = name == "A" ? Major::N : Major::M;
  if (operand.getMajor() == wrong)
    return op.emitOpError("input ")
           << name << " cannot be " << stringifyMajor(wrong);
  if (operand.isFP8() && operand.getMajor() != Major::K)
    return op.emitOpError("FP8 operand ")
           << name << " is " << stringifyMajor(operand.getMajor())
           << "; FP8 wgmma reads both operands K-major";
  if (operand.isScaled() && !operand.isFP8())
    return op.emitOpError("operand ")
           << name << " is " << type
           << " and cannot be scaled; scales apply to FP8 operands";
  if (operand.getScaleKind() == ScaleKind::Block) {
    ArrayRef<int64_t> block = operand.getScaleBlock();
    if (block[1] != sm90::kScaleBlockK)
      return op.emitOpError("block scale [")
             << block[0] << ", " << block[1] << "] of " << name
             << ": the K extent must be 128 (promotion happens every 128 of "
                "K)";
    if (block[0] != 1 && block[0] != 128)
      return op.emitOpError("block scale [")
             << block[0] << ", " << block[1] << "] of " << name
             << ": the row extent must be 1 or 128";
  }
  return success();
}

LogicalResult MatmulOp::verify() {
  ArrayRef<int64_t> shape = getShape();
  if (shape.size() != 3)
    return emitOpError("shape has ")
           << shape.size() << " dims; expected [M, N, K]";
  static const char *dimNames[] = {"M", "N", "K"};
  bool kGrouped = getGrouping() == Grouping::KContiguous;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (ShapedType::isDynamic(d)) {
      if (i == 1 || (i == 2 && !kGrouped))
        return emitOpError("dimension ")
               << dimNames[i]
               << " must be static; only M (and K of a k_contiguous GEMM) "
                  "may be '?'";
      continue;
    }
    if (d <= 0)
      return emitOpError("dimension ")
             << dimNames[i] << " is " << d << "; it must be positive";
    // TMA describes each dimension with 32 bits.
    if (d >= (int64_t(1) << 32))
      return emitOpError("dimension ")
             << dimNames[i] << " is " << d
             << ", over the TMA limit of 4294967295";
  }

  if (std::optional<uint64_t> expectedM = getExpectedM()) {
    if (!ShapedType::isDynamic(shape[0]) || getGrouping())
      return emitOpError("expected_m tunes an ungrouped GEMM with a dynamic "
                         "M; this one has ")
             << (getGrouping() ? "grouping" : "a static M");
    if (int64_t(*expectedM) < 1 || *expectedM >= (uint64_t(1) << 32))
      return emitOpError("expected_m ")
             << int64_t(*expectedM) << " must be in [1, 4294967295]";
  }
  if (getGrouping() && !kGrouped && !ShapedType::isDynamic(shape[0]))
    return emitOpError("an M-grouped GEMM takes M at launch; its shape must "
                       "start with '?'");
  if (failed(verifyOperand(*this, "A", getA(), false)) ||
      failed(verifyOperand(*this, "B", getB(), false)) ||
      failed(verifyOperand(*this, "D", getD(), true)))
    return failure();
  if (getCAttr()) {
    if (failed(verifyOperand(*this, "C", getCAttr(), true)))
      return failure();
  }
  OperandAttr a = getA(), b = getB();
  if (kGrouped) {
    for (auto [name, operand] : {std::pair<StringRef, OperandAttr>{"A", a},
                                 std::pair<StringRef, OperandAttr>{"B", b}})
      if (operand.getScaleKind() != ScaleKind::Block ||
          operand.getScaleBlock()[0] != 1)
        return emitOpError("k_contiguous grouping needs block_scale [1, 128] "
                           "on both operands (the weight-gradient recipe); ")
               << name << " is " << operand;
    for (auto [name, operand] :
         {std::pair<StringRef, OperandAttr>{"D", getD()},
          std::pair<StringRef, OperandAttr>{"C", getCAttr()}})
      if (operand && !operand.getElementType().isF32())
        return emitOpError("k_contiguous grouping accumulates in f32: ")
               << name << " must be f32, not " << operand.getElementType();
    if (getConfigAttr() && getConfigAttr().getSplits() > 1)
      return emitOpError("split_k ")
             << getConfigAttr().getSplits()
             << " with k_contiguous grouping is not supported (the groups "
                "already split K)";
  }
  if (a.isFP8() != b.isFP8() ||
      (!a.isFP8() && a.getElementType() != b.getElementType()))
    return emitOpError("A is ")
           << a.getElementType() << " but B is " << b.getElementType()
           << "; operands must both be FP8 or share a 16-bit type";

  // TMA needs every row of an operand to start 16-byte aligned: a row is
  // K long for a K-major operand, M (N) long for an M- (N-) major one.
  int64_t k = getK();
  for (auto [name, operand] : {std::pair<StringRef, OperandAttr>{"A", a},
                               std::pair<StringRef, OperandAttr>{"B", b}}) {
    bool kMajor = operand.getMajor() == Major::K;
    StringRef rowName = kMajor ? "K" : name == "A" ? "M" : "N";
    int64_t row = kMajor ? k : name == "A" ? shape[0] : shape[1];
    if (ShapedType::isDynamic(row))
      continue;
    int64_t rowBytes = row * operand.getElementBytes();
    if (rowBytes % 16 != 0)
      return emitOpError(rowName)
             << " " << row << " gives rows of " << rowBytes << " bytes in "
             << name << "; TMA needs a multiple of 16";
  }

  ConfigAttr config = getConfigAttr();
  if (!config)
    return success();
  // Stream-K adds partial tiles in a workspace as split-K does, and the
  // lowering does so for one tile per work item of a static K.
  if (config.getSchedule() == Schedule::StreamK) {
    ArrayRef<int64_t> cluster = config.getCluster();
    StringRef with = getGrouping()            ? "grouping"
                     : getCAttr()             ? "C"
                     : config.getSplits() > 1 ? "split_k"
                     : config.getSwapAB()     ? "swap_ab"
                     : cluster.size() == 2 && cluster[0] * cluster[1] > 1
                         ? "a cluster"
                     : ShapedType::isDynamic(k) ? "a dynamic K"
                                                : "";
    if (!with.empty())
      return emitOpError("schedule stream_k with ")
             << with
             << " is not supported (stream_k is lowered for ungrouped GEMMs "
                "of a static K without C, split_k, swap_ab or clusters)";
  }
  ArrayRef<int64_t> tile = config.getTile();
  if (!tile.empty()) {
    int64_t tm = tile[0], tn = tile[1], tk = tile[2];
    if (config.getSwapAB()) {
      // Tile M on wgmma's N, tile N on its 64-row M.
      // Tile M is the wgmma's N; beyond 128 the fragments (two in flight
      // and the accumulator) would not fit in registers.
      if (tm % 8 != 0 || tm > 128)
        return emitOpError("tile M ")
               << tm << " with swap_ab must be a multiple of 8 up to 128 (it "
                        "is the wgmma's N)";
      if (tn != 64 && tn != 128 && tn != 256)
        return emitOpError("tile N ")
               << tn << " with swap_ab must be 64, 128 or 256 (one, two or "
                        "four math warpgroups of 64 wgmma rows)";
      // Four math warpgroups share the register file: 104 registers a
      // thread hold a fragment and the accumulator of up to 64 columns.
      if (tn == 256 && tm > 64)
        return emitOpError("tile [")
               << tm << ", " << tn
               << "] with swap_ab has tile M over 64, whose fragments do "
                  "not fit the registers of four math warpgroups";
      if (a.getMajor() != Major::K || b.getMajor() != Major::K)
        return emitOpError("swap_ab needs k_major A and B");
      if (getGrouping())
        return emitOpError("swap_ab with grouping is not supported");
      if (config.getCluster().size() == 2 &&
          config.getCluster()[0] * config.getCluster()[1] > 1)
        return emitOpError("swap_ab with a cluster is not supported");
      // A's 1x128 scales arrive in TMA boxes of tile M elements, which
      // must be whole 16-byte units.
      if (a.getScaleKind() == ScaleKind::Block &&
          tm * a.getScaleType().getIntOrFloatBitWidth() / 8 % 16 != 0)
        return emitOpError("tile M ")
               << tm << " with swap_ab and " << a.getScaleType()
               << " block scales must give a multiple of 16 bytes of A "
                  "scales";
    } else if (tm % sm90::kWgmmaM != 0) {
      return emitOpError("tile M ") << tm << " is not a multiple of 64";
    }
    if (tm > 256)
      return emitOpError("tile M ")
             << tm << " exceeds 256 (two math warpgroups of 128 rows)";
    if (tn % 8 != 0)
      return emitOpError("tile N ") << tn << " is not a multiple of 8";
    if (tn > 256)
      return emitOpError("tile N ")
             << tn << " exceeds the wgmma maximum of 256";
    // An N-major B tile arrives in TMA boxes of 64 columns, one 128-byte
    // swizzled row of N per K index.
    if (b.getMajor() == Major::N && tn % 64 != 0)
      return emitOpError("tile N ")
             << tn << " is not a multiple of 64, which an n_major B needs "
                      "(its tile arrives in 128-byte rows of N)";
    int64_t wgmmaK = 32 / a.getElementBytes();
    if (tk % wgmmaK != 0)
      return emitOpError("tile K ")
             << tk << " is not a multiple of " << wgmmaK
             << " (the K of one wgmma for " << a.getElementType() << ")";
    bool blockScaled = a.getScaleKind() == ScaleKind::Block ||
                       b.getScaleKind() == ScaleKind::Block;
    if (blockScaled && tk != sm90::kScaleBlockK)
      return emitOpError("tile K ")
             << tk << " must be 128 with block scales (one promotion per "
                     "128 of K)";
    if (kGrouped && !ShapedType::isDynamic(shape[0]) && shape[0] % tm != 0)
      return emitOpError("k_contiguous grouping stacks the groups' outputs "
                         "along M: M ")
             << shape[0] << " must be a multiple of tile M " << tm;
    int64_t kBlocks = ShapedType::isDynamic(k) ? 0 : llvm::divideCeil(k, tk);
    if (kBlocks % config.getSplits() != 0)
      return emitOpError("split_k ")
             << config.getSplits() << " does not divide the " << kBlocks
             << " K blocks of " << tk;
  }
  if (!tile.empty() && config.getStages() > 0) {
    int64_t bytes = estimateSharedMemory(*this, tile, config.getStages());
    if (bytes == std::numeric_limits<int64_t>::max())
      return emitOpError("shared memory for tile [")
             << tile[0] << ", " << tile[1] << ", " << tile[2] << "] with "
             << config.getStages() << " stages is over the "
             << sm90::kMaxSharedMemoryBytes << " bytes of an sm_90 CTA";
    if (bytes > sm90::kMaxSharedMemoryBytes)
      return emitOpError("shared memory for tile [")
             << tile[0] << ", " << tile[1] << ", " << tile[2] << "] with "
             << config.getStages() << " stages is " << bytes
             << " bytes, over the " << sm90::kMaxSharedMemoryBytes
             << " bytes of an sm_90 CTA";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Tile-level ops
//===----------------------------------------------------------------------===//

LogicalResult LoadOp::verify() {
  auto source = cast<MemRefType>(getSource().getType());
  auto result = cast<RankedTensorType>(getResult().getType());
  if (static_cast<int64_t>(getIndices().size()) != source.getRank())
    return emitOpError("has ") << getIndices().size()
                               << " block indices for a rank-"
                               << source.getRank() << " source";
  if (result.getRank() > source.getRank())
    return emitOpError("result rank ")
           << result.getRank() << " exceeds the source rank "
           << source.getRank();
  if (result.getElementType() != source.getElementType())
    return emitOpError("result element type ")
           << result.getElementType() << " differs from the source's "
           << source.getElementType();
  if (!result.hasStaticShape())
    return emitOpError("block shape must be static");
  return success();
}

LogicalResult StoreOp::verify() {
  auto dest = cast<MemRefType>(getDest().getType());
  auto value = cast<RankedTensorType>(getValue().getType());
  if (static_cast<int64_t>(getIndices().size()) != dest.getRank())
    return emitOpError("has ") << getIndices().size()
                               << " block indices for a rank-"
                               << dest.getRank() << " destination";
  if (value.getRank() != dest.getRank())
    return emitOpError("value rank ")
           << value.getRank() << " differs from the destination rank "
           << dest.getRank();
  if (value.getElementType() != dest.getElementType())
    return emitOpError("value element type ")
           << value.getElementType() << " differs from the destination's "
           << dest.getElementType();
  return success();
}

LogicalResult DotOp::verify() {
  auto a = cast<RankedTensorType>(getA().getType());
  auto b = cast<RankedTensorType>(getB().getType());
  auto result = cast<RankedTensorType>(getResult().getType());
  if (a.getRank() != 2 || b.getRank() != 2 || result.getRank() != 2)
    return emitOpError("operands and result must be 2-D blocks");
  if (a.getDimSize(1) != b.getDimSize(1))
    return emitOpError("K of A (")
           << a.getDimSize(1) << ") differs from K of B (" << b.getDimSize(1)
           << ")";
  if (result.getDimSize(0) != a.getDimSize(0) ||
      result.getDimSize(1) != b.getDimSize(0))
    return emitOpError("result is ")
           << result.getDimSize(0) << "x" << result.getDimSize(1)
           << " but A x B^T is " << a.getDimSize(0) << "x" << b.getDimSize(0);
  if (!result.getElementType().isF32())
    return emitOpError("accumulates in f32, not ")
           << result.getElementType();
  if (a.getElementType() != b.getElementType() &&
      !(isFP8Type(a.getElementType()) && isFP8Type(b.getElementType())))
    return emitOpError("operand types ")
           << a.getElementType() << " and " << b.getElementType()
           << " do not form a wgmma";
  if (getAcc() && getAcc().getType() != result)
    return emitOpError("accumulator type differs from the result type");
  return success();
}

LogicalResult ScaleAddOp::verify() {
  auto acc = cast<RankedTensorType>(getAcc().getType());
  auto row = cast<RankedTensorType>(getRowScale().getType());
  auto col = cast<RankedTensorType>(getColScale().getType());
  if (acc.getRank() != 2 || !acc.getElementType().isF32())
    return emitOpError("accumulator must be a 2-D f32 block");
  auto check = [&](RankedTensorType scale, int64_t extent,
                   StringRef what) -> LogicalResult {
    if (!isa<Float32Type, Float8E8M0FNUType>(scale.getElementType()))
      return emitOpError(what) << " scale must be f32 or f8E8M0FNU";
    if (scale.getRank() == 0)
      return success();
    if (scale.getRank() != 1 || scale.getDimSize(0) < 1 ||
        extent % scale.getDimSize(0) != 0)
      return emitOpError(what)
             << " scale must be rank 0 or a vector whose length divides "
             << extent;
    return success();
  };
  return failure(failed(check(row, acc.getDimSize(0), "row")) ||
                 failed(check(col, acc.getDimSize(1), "column")));
}
