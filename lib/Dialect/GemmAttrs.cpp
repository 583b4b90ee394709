//===- GemmAttrs.cpp - gemm attributes ------------------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Dialect/GemmDialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::gemm;

#define GET_ATTRDEF_CLASSES
#include "GemmAttrs.cpp.inc"

void GemmDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "GemmAttrs.cpp.inc"
      >();
}

/// Parses `[a, b, ...]` into `values`.
static ParseResult parseIntList(AsmParser &parser,
                                SmallVectorImpl<int64_t> &values) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        int64_t v;
        if (parser.parseInteger(v))
          return failure();
        values.push_back(v);
        return success();
      });
}

static void printIntList(AsmPrinter &printer, ArrayRef<int64_t> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}

//===----------------------------------------------------------------------===//
// OperandAttr
//===----------------------------------------------------------------------===//

bool OperandAttr::isFP8() const { return isFP8Type(getElementType()); }

int64_t OperandAttr::getElementBytes() const {
  return getElementType().getIntOrFloatBitWidth() / 8;
}

// #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>
Attribute OperandAttr::parse(AsmParser &parser, Type) {
  Type elementType, scaleType;
  StringRef majorWord;
  SMLoc majorLoc;
  ScaleKind kind = ScaleKind::None;
  SmallVector<int64_t> block;
  if (parser.parseLess() || parser.parseType(elementType) ||
      parser.parseComma() || parser.getCurrentLocation(&majorLoc) ||
      parser.parseKeyword(&majorWord))
    return {};
  std::optional<Major> major = symbolizeMajor(majorWord);
  if (!major) {
    parser.emitError(majorLoc, "unknown major-ness '")
        << majorWord << "'; expected k_major, m_major or n_major";
    return {};
  }
  if (succeeded(parser.parseOptionalComma())) {
    StringRef scaleWord;
    SMLoc scaleLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&scaleWord))
      return {};
    std::optional<ScaleKind> parsed = symbolizeScaleKind(scaleWord);
    if (!parsed || *parsed == ScaleKind::None) {
      parser.emitError(scaleLoc, "unknown scale '")
          << scaleWord
          << "'; expected block_scale = [r, c], row_scale or tensor_scale";
      return {};
    }
    kind = *parsed;
    if (kind == ScaleKind::Block &&
        (parser.parseEqual() || parseIntList(parser, block)))
      return {};
    if (parser.parseColon() || parser.parseType(scaleType))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<OperandAttr>(parser.getContext(), elementType,
                                        *major, kind, block, scaleType);
}

void OperandAttr::print(AsmPrinter &printer) const {
  printer << '<' << getElementType() << ", " << stringifyMajor(getMajor());
  if (isScaled()) {
    printer << ", " << stringifyScaleKind(getScaleKind());
    if (getScaleKind() == ScaleKind::Block) {
      printer << " = ";
      printIntList(printer, getScaleBlock());
    }
    printer << " : " << getScaleType();
  }
  printer << '>';
}

LogicalResult
OperandAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    Type elementType, Major major, ScaleKind scaleKind,
                    ArrayRef<int64_t> scaleBlock, Type scaleType) {
  if (!isFP8Type(elementType) &&
      !isa<BFloat16Type, Float16Type, Float32Type>(elementType))
    return emitError() << "element type " << elementType
                       << " is not one of f8E4M3FN, f8E5M2, bf16, f16, f32";
  if ((scaleKind == ScaleKind::None) != !scaleType)
    return emitError() << "a scale needs a scale type and vice versa";
  if (scaleType && !isa<Float32Type, Float8E8M0FNUType>(scaleType))
    return emitError() << "scale type " << scaleType
                       << " is not f32 or f8E8M0FNU";
  if (scaleKind == ScaleKind::Block) {
    if (scaleBlock.size() != 2)
      return emitError() << "block scale has " << scaleBlock.size()
                         << " dims; expected [rows, cols]";
    if (scaleBlock[0] <= 0 || scaleBlock[1] <= 0)
      return emitError() << "block scale [" << scaleBlock[0] << ", "
                         << scaleBlock[1] << "] must be positive";
  } else if (!scaleBlock.empty()) {
    return emitError() << "only block_scale takes a block shape";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ConfigAttr
//===----------------------------------------------------------------------===//

// #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [2, 1],
//              schedule = persistent>
Attribute ConfigAttr::parse(AsmParser &parser, Type) {
  SmallVector<int64_t> tile, cluster;
  int64_t stages = 0, splitK = 0;
  bool swapAB = false;
  std::optional<Schedule> schedule;
  llvm::StringSet<> seen;
  auto parseField = [&]() -> ParseResult {
    StringRef key;
    SMLoc loc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (!seen.insert(key).second)
      return parser.emitError(loc, "config field '") << key << "' repeated";
    if (key == "tile")
      return parseIntList(parser, tile);
    if (key == "cluster")
      return parseIntList(parser, cluster);
    if (key == "stages") {
      if (parser.parseInteger(stages))
        return failure();
      if (stages < 1)
        return parser.emitError(loc, "stages ")
               << stages << " must be at least 1";
      return success();
    }
    if (key == "split_k") {
      if (parser.parseInteger(splitK))
        return failure();
      if (splitK < 1)
        return parser.emitError(loc, "split_k ")
               << splitK << " must be at least 1";
      return success();
    }
    if (key == "swap_ab") {
      StringRef word;
      SMLoc wordLoc = parser.getCurrentLocation();
      if (parser.parseKeyword(&word))
        return failure();
      if (word != "true" && word != "false")
        return parser.emitError(wordLoc, "swap_ab must be true or false, not '")
               << word << "'";
      swapAB = word == "true";
      return success();
    }
    if (key == "schedule") {
      StringRef word;
      SMLoc wordLoc = parser.getCurrentLocation();
      if (parser.parseKeyword(&word))
        return failure();
      schedule = symbolizeSchedule(word);
      if (!schedule)
        return parser.emitError(wordLoc, "unknown schedule '")
               << word << "'; expected data_parallel, persistent or stream_k";
      return success();
    }
    return parser.emitError(loc, "unknown config field '")
           << key << "'; expected tile, stages, cluster, schedule, split_k or "
              "swap_ab";
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::LessGreater,
                                     parseField))
    return {};
  return parser.getChecked<ConfigAttr>(parser.getContext(), tile, stages,
                                       cluster, schedule, splitK, swapAB);
}

void ConfigAttr::print(AsmPrinter &printer) const {
  SmallVector<std::function<void()>> fields;
  if (!getTile().empty())
    fields.push_back([&] {
      printer << "tile = ";
      printIntList(printer, getTile());
    });
  if (getStages() > 0)
    fields.push_back([&] { printer << "stages = " << getStages(); });
  if (!getCluster().empty())
    fields.push_back([&] {
      printer << "cluster = ";
      printIntList(printer, getCluster());
    });
  if (getSchedule())
    fields.push_back(
        [&] { printer << "schedule = " << stringifySchedule(*getSchedule()); });
  if (getSplitK() > 0)
    fields.push_back([&] { printer << "split_k = " << getSplitK(); });
  if (getSwapAB())
    fields.push_back([&] { printer << "swap_ab = true"; });
  printer << '<';
  llvm::interleaveComma(fields, printer, [](auto &f) { f(); });
  printer << '>';
}

LogicalResult ConfigAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 ArrayRef<int64_t> tile, int64_t stages,
                                 ArrayRef<int64_t> cluster,
                                 std::optional<Schedule>, int64_t splitK,
                                 bool) {
  if (!tile.empty() && tile.size() != 3)
    return emitError() << "tile has " << tile.size()
                       << " dims; expected [M, N, K]";
  if (llvm::any_of(tile, [](int64_t v) { return v <= 0; }))
    return emitError() << "tile sizes must be positive";
  if (stages < 0)
    return emitError() << "stages " << stages << " must be at least 1";
  if (!cluster.empty() && cluster.size() != 2)
    return emitError() << "cluster has " << cluster.size()
                       << " dims; expected [m, n]";
  for (int64_t c : cluster) {
    if (c <= 0 || !llvm::isPowerOf2_64(c))
      return emitError() << "cluster extent " << c
                         << " is not a positive power of two";
    // Checked alone first so that the product below cannot overflow.
    if (c > 8)
      return emitError() << "cluster extent " << c
                         << " exceeds the portable limit of 8 CTAs";
  }
  if (cluster.size() == 2 && cluster[0] * cluster[1] > 8)
    return emitError() << "cluster of " << cluster[0] * cluster[1]
                       << " CTAs exceeds the portable limit of 8";
  if (splitK < 0)
    return emitError() << "split_k " << splitK << " must be at least 1";
  return success();
}
