//===- GemmTypes.cpp - operand types and tensor layouts ------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/GemmTypes.h"

using namespace hopgemm;

namespace {
struct DTypeInfo {
  DType type;
  const char *name;
  int bytes;
};
constexpr DTypeInfo kDTypes[] = {
    {DType::F8E4M3FN, "f8E4M3FN", 1}, {DType::F8E5M2, "f8E5M2", 1},
    {DType::BF16, "bf16", 2},         {DType::F16, "f16", 2},
    {DType::F32, "f32", 4},           {DType::I32, "i32", 4},
    {DType::E8M0, "f8E8M0FNU", 1},
};
} // namespace

const char *hopgemm::dtypeName(DType type) {
  return kDTypes[static_cast<int>(type)].name;
}

std::optional<DType> hopgemm::parseDType(std::string_view name) {
  for (const DTypeInfo &info : kDTypes)
    if (name == info.name)
      return info.type;
  return std::nullopt;
}

int hopgemm::dtypeBytes(DType type) {
  return kDTypes[static_cast<int>(type)].bytes;
}

const char *hopgemm::majorName(Major major) {
  switch (major) {
  case Major::K:
    return "k_major";
  case Major::M:
    return "m_major";
  case Major::N:
    return "n_major";
  }
  return "?";
}

std::optional<Major> hopgemm::parseMajor(std::string_view name) {
  for (Major m : {Major::K, Major::M, Major::N})
    if (name == majorName(m))
      return m;
  return std::nullopt;
}

const char *hopgemm::scaleKindName(ScaleKind kind) {
  switch (kind) {
  case ScaleKind::None:
    return "none";
  case ScaleKind::Tensor:
    return "tensor";
  case ScaleKind::Row:
    return "row";
  case ScaleKind::Block:
    return "block";
  }
  return "?";
}

std::optional<ScaleKind> hopgemm::parseScaleKind(std::string_view name) {
  for (ScaleKind k :
       {ScaleKind::None, ScaleKind::Tensor, ScaleKind::Row, ScaleKind::Block})
    if (name == scaleKindName(k))
      return k;
  return std::nullopt;
}

const char *hopgemm::tensorName(TensorId id) {
  switch (id) {
  case TensorId::A:
    return "a";
  case TensorId::B:
    return "b";
  case TensorId::C:
    return "c";
  case TensorId::D:
    return "d";
  case TensorId::SA:
    return "sa";
  case TensorId::SB:
    return "sb";
  case TensorId::MIndices:
    return "m_indices";
  case TensorId::MaskedM:
    return "masked_m";
  case TensorId::KSizes:
    return "ks";
  }
  return "?";
}

const char *hopgemm::groupingKindName(GroupingKind kind) {
  switch (kind) {
  case GroupingKind::None:
    return "none";
  case GroupingKind::MContiguous:
    return "m_contiguous";
  case GroupingKind::MMasked:
    return "m_masked";
  case GroupingKind::KContiguous:
    return "k_contiguous";
  }
  return "?";
}

std::optional<GroupingKind> hopgemm::parseGroupingKind(std::string_view name) {
  for (GroupingKind k : {GroupingKind::MContiguous, GroupingKind::MMasked,
                         GroupingKind::KContiguous})
    if (name == groupingKindName(k))
      return k;
  return std::nullopt;
}

std::optional<TensorId> hopgemm::parseTensorId(std::string_view name) {
  for (int i = 0; i < kNumTensors; ++i)
    if (name == tensorName(static_cast<TensorId>(i)))
      return static_cast<TensorId>(i);
  return std::nullopt;
}

bool GemmSpec::hasTensor(TensorId id) const {
  switch (id) {
  case TensorId::A:
  case TensorId::B:
  case TensorId::D:
    return true;
  case TensorId::C:
    return c.has_value();
  case TensorId::SA:
    return a.scale != ScaleKind::None;
  case TensorId::SB:
    return b.scale != ScaleKind::None;
  case TensorId::MIndices:
    return grouping.kind == GroupingKind::MContiguous;
  case TensorId::MaskedM:
    return grouping.kind == GroupingKind::MMasked;
  case TensorId::KSizes:
    return grouping.kind == GroupingKind::KContiguous;
  }
  return false;
}

TensorId Grouping::indexTensor() const {
  switch (kind) {
  case GroupingKind::MMasked:
    return TensorId::MaskedM;
  case GroupingKind::KContiguous:
    return TensorId::KSizes;
  default:
    return TensorId::MIndices;
  }
}

const char *GemmSpec::whyNoTensor(TensorId id) const {
  switch (id) {
  case TensorId::C:
    return "no operand c";
  case TensorId::MIndices:
  case TensorId::MaskedM:
  case TensorId::KSizes:
    switch (grouping.kind) {
    case GroupingKind::None:
      return "the kernel is not grouped";
    case GroupingKind::MContiguous:
      return "the kernel is m_contiguous";
    case GroupingKind::MMasked:
      return "the kernel is m_masked";
    case GroupingKind::KContiguous:
      return "the kernel is k_contiguous";
    }
    return "?";
  default:
    return "its operand has no scale";
  }
}

static Status verifyInput(const char *name, const OperandSpec &op,
                          Major other) {
  if (op.dtype == DType::I32)
    return Status::errorf("operand ", name,
                          " has dtype i32 (only index tensors are i32)");
  if (op.dtype == DType::E8M0)
    return Status::errorf("operand ", name,
                          " has dtype f8E8M0FNU (only scales are f8E8M0FNU)");
  if (op.major != Major::K && op.major != other)
    return Status::errorf("operand ", name, " has major '", majorName(op.major),
                          "' (expected k_major or ", majorName(other), ")");
  if (op.scale == ScaleKind::Block &&
      (op.scaleBlock[0] <= 0 || op.scaleBlock[1] <= 0))
    return Status::errorf("operand ", name, " has scale block [",
                          op.scaleBlock[0], ", ", op.scaleBlock[1],
                          "] (expected two positive sizes)");
  if (op.scale == ScaleKind::None)
    return Status::success();
  if (op.scaleDType != DType::F32 && op.scaleDType != DType::E8M0)
    return Status::errorf("operand ", name, " has scale dtype ",
                          dtypeName(op.scaleDType),
                          " (expected f32 or f8E8M0FNU)");
  if (op.scaleDType == DType::E8M0 && op.scale != ScaleKind::Block)
    return Status::errorf("operand ", name, " has ", scaleKindName(op.scale),
                          " scales of dtype f8E8M0FNU (f8E8M0FNU scales are "
                          "supported for block scales only)");
  return Status::success();
}

static Status verifyOutput(const char *name, const OperandSpec &op) {
  if (op.major != Major::N && op.major != Major::M)
    return Status::errorf("operand ", name, " has major '", majorName(op.major),
                          "' (expected n_major or m_major)");
  if (op.dtype != DType::F32 && op.dtype != DType::BF16 &&
      op.dtype != DType::F16)
    return Status::errorf("operand ", name, " has dtype ", dtypeName(op.dtype),
                          " (expected f32, bf16 or f16)");
  if (op.scale != ScaleKind::None)
    return Status::errorf("operand ", name, " has scale '",
                          scaleKindName(op.scale),
                          "' (output scales are not supported)");
  return Status::success();
}

Status GemmSpec::verify() const {
  HOPGEMM_RETURN_IF_ERROR(verifyInput("a", a, Major::M));
  HOPGEMM_RETURN_IF_ERROR(verifyInput("b", b, Major::N));
  HOPGEMM_RETURN_IF_ERROR(verifyOutput("d", d));
  if (c)
    HOPGEMM_RETURN_IF_ERROR(verifyOutput("c", *c));
  return verifyGrouping();
}

/// Grouped kernels exist for one layout each (DeepGEMM's); the grouped views
/// in defaultView assume it.
Status GemmSpec::verifyGrouping() const {
  if (!grouping.grouped())
    return Status::success();
  const char *kind = groupingKindName(grouping.kind);
  if (grouping.mAlignment <= 0)
    return Status::errorf(kind, " grouping has m_alignment ",
                          grouping.mAlignment, " (expected a positive size)");
  if (grouping.kGrouped())
    return verifyKGrouping();
  bool scalesOk = a.scale == ScaleKind::Block && a.scaleBlock[0] == 1 &&
                  b.scale == ScaleKind::Block && b.scaleBlock[0] > 1;
  if (a.major != Major::K || b.major != Major::K || d.major != Major::N || c ||
      !scalesOk)
    return Status::errorf(kind,
                          " grouping needs k_major a and b with [1, bk] and "
                          "[br, bk] block scales, an n_major d and no c");
  return Status::success();
}

/// k_contiguous: both operands' scales are [1, bk] blocks (a group's K range
/// is whole blocks of both), d and c f32 because the groups' results are
/// accumulated (weight gradients).
Status GemmSpec::verifyKGrouping() const {
  auto f32NMajor = [](const OperandSpec &op) {
    return op.dtype == DType::F32 && op.major == Major::N;
  };
  bool scalesOk = a.scale == ScaleKind::Block && a.scaleBlock[0] == 1 &&
                  b.scale == ScaleKind::Block && b.scaleBlock[0] == 1;
  if (a.major != Major::K || b.major != Major::K || !scalesOk ||
      !f32NMajor(d) || (c && !f32NMajor(*c)))
    return Status::error(
        "k_contiguous grouping needs k_major a and b with [1, bk] block "
        "scales, an f32 n_major d and, if any, an f32 n_major c");
  if (grouping.kAlignment <= 0)
    return Status::errorf("k_contiguous grouping has k_alignment ",
                          grouping.kAlignment, " (expected a positive size)");
  for (const OperandSpec *op : {&a, &b})
    if (grouping.kAlignment % op->scaleBlock[1] != 0)
      return Status::errorf(
          "k_contiguous grouping has k_alignment ", grouping.kAlignment,
          ", not a multiple of the scale block's K ", op->scaleBlock[1]);
  return Status::success();
}

static TensorView scaleView(const OperandSpec &op, std::int64_t rows,
                            std::int64_t k) {
  TensorView v;
  v.dtype = op.scaleDType;
  // TMA needs 16-byte aligned rows: 4 f32 scales, 16 byte scales.
  const std::int64_t rowAlignment = 16 / dtypeBytes(op.scaleDType);
  switch (op.scale) {
  case ScaleKind::None:
  case ScaleKind::Tensor:
    v.rows = v.cols = v.rowStride = 1;
    break;
  case ScaleKind::Row:
    v.rows = 1;
    v.cols = rows;
    v.rowStride = alignUp(rows, rowAlignment);
    break;
  case ScaleKind::Block:
    if (op.scaleBlock[0] == 1) {
      v.rows = ceilDiv(k, op.scaleBlock[1]);
      v.cols = rows;
      v.rowStride = alignUp(rows, rowAlignment);
    } else {
      v.rows = ceilDiv(rows, op.scaleBlock[0]);
      v.cols = ceilDiv(k, op.scaleBlock[1]);
      v.rowStride = v.cols;
    }
    break;
  }
  return v;
}

std::optional<std::uint64_t> TensorView::extentBytes() const {
  if (rows == 0)
    return 0;
  std::uint64_t elements = 0, bytes = 0;
  if (__builtin_mul_overflow(static_cast<std::uint64_t>(rows - 1),
                             static_cast<std::uint64_t>(rowStride),
                             &elements) ||
      __builtin_add_overflow(elements, static_cast<std::uint64_t>(cols),
                             &elements) ||
      __builtin_mul_overflow(
          elements, static_cast<std::uint64_t>(dtypeBytes(dtype)), &bytes))
    return std::nullopt;
  return bytes;
}

static TensorView denseView(DType dtype, std::int64_t rows, std::int64_t cols) {
  TensorView v;
  v.rows = rows;
  v.cols = cols;
  v.rowStride = cols;
  v.dtype = dtype;
  return v;
}

/// The views of a grouped spec (see GemmTypes.h); the group count and sizes
/// are below 2^31, so no product overflows.
static TensorView groupedView(const GemmSpec &spec, TensorId id,
                              GemmShape shape) {
  const std::int64_t g = shape.groups;
  if (spec.grouping.kGrouped()) {
    // A, B and their scales as ungrouped (k_major); G stacked outputs.
    switch (id) {
    case TensorId::A:
      return denseView(spec.a.dtype, shape.m, shape.k);
    case TensorId::B:
      return denseView(spec.b.dtype, shape.n, shape.k);
    case TensorId::SA:
      return scaleView(spec.a, shape.m, shape.k);
    case TensorId::SB:
      return scaleView(spec.b, shape.n, shape.k);
    case TensorId::C:
    case TensorId::D:
      return denseView(spec.d.dtype, g * shape.m, shape.n);
    case TensorId::KSizes:
      return denseView(DType::I32, 1, g);
    case TensorId::MIndices:
    case TensorId::MaskedM:
      break;
    }
    return TensorView();
  }
  const bool masked = spec.grouping.kind == GroupingKind::MMasked;
  // Rows of a and d: all groups' rows, or G blocks of max_m.
  const std::int64_t rows = masked ? g * shape.m : shape.m;
  switch (id) {
  case TensorId::A:
    return denseView(spec.a.dtype, rows, shape.k);
  case TensorId::B:
    return denseView(spec.b.dtype, g * shape.n, shape.k);
  case TensorId::C:
  case TensorId::D:
    return denseView(spec.d.dtype, rows, shape.n);
  case TensorId::SA: {
    TensorView v = scaleView(spec.a, shape.m, shape.k);
    if (masked)
      v.rows *= g;
    return v;
  }
  case TensorId::SB: {
    TensorView v = scaleView(spec.b, shape.n, shape.k);
    v.rows *= g;
    return v;
  }
  case TensorId::MIndices:
    return denseView(DType::I32, 1, shape.m);
  case TensorId::MaskedM:
    return denseView(DType::I32, 1, g);
  case TensorId::KSizes:
    break;
  }
  return TensorView();
}

TensorView hopgemm::defaultView(const GemmSpec &spec, TensorId id,
                                GemmShape shape) {
  if (spec.grouping.grouped())
    return groupedView(spec, id, shape);
  auto view = denseView;
  switch (id) {
  case TensorId::A:
    return spec.a.major == Major::K ? view(spec.a.dtype, shape.m, shape.k)
                                    : view(spec.a.dtype, shape.k, shape.m);
  case TensorId::B:
    return spec.b.major == Major::K ? view(spec.b.dtype, shape.n, shape.k)
                                    : view(spec.b.dtype, shape.k, shape.n);
  case TensorId::C:
  case TensorId::D: {
    const OperandSpec &op = id == TensorId::D ? spec.d : *spec.c;
    return op.major == Major::N ? view(op.dtype, shape.m, shape.n)
                                : view(op.dtype, shape.n, shape.m);
  }
  case TensorId::SA:
    return scaleView(spec.a, shape.m, shape.k);
  case TensorId::SB:
    return scaleView(spec.b, shape.n, shape.k);
  case TensorId::MIndices:
  case TensorId::MaskedM:
  case TensorId::KSizes:
    break;
  }
  return TensorView();
}

/// Group `range` of a K-grouped GEMM: its K columns of a and b, whole
/// blocks of rows of their M-/N-major scales, and its M rows of d and c.
static GroupSlice sliceKGroup(const GemmSpec &spec, GemmShape shape,
                              const TensorView views[kNumTensors],
                              GroupRange range) {
  GroupSlice s;
  s.spec = spec;
  s.spec.grouping = Grouping();
  s.shape = GemmShape{shape.m, shape.n, range.size, 0};
  s.dRow = range.group * shape.m;
  for (TensorId id : {TensorId::A, TensorId::B, TensorId::C, TensorId::D,
                      TensorId::SA, TensorId::SB}) {
    if (!spec.hasTensor(id))
      continue;
    const int i = static_cast<int>(id);
    s.views[i] = defaultView(s.spec, id, s.shape);
    s.views[i].rowStride = views[i].rowStride;
    switch (id) {
    case TensorId::A:
    case TensorId::B:
      s.offsets[i] = range.begin;
      break;
    case TensorId::SA:
    case TensorId::SB: {
      const OperandSpec &op = id == TensorId::SA ? spec.a : spec.b;
      s.offsets[i] = range.begin / op.scaleBlock[1] * views[i].rowStride;
      break;
    }
    default:
      s.offsets[i] = s.dRow * views[i].rowStride;
      break;
    }
  }
  return s;
}

GroupSlice hopgemm::sliceGroup(const GemmSpec &spec, GemmShape shape,
                               const TensorView views[kNumTensors],
                               GroupRange range) {
  if (spec.grouping.kGrouped())
    return sliceKGroup(spec, shape, views, range);
  GroupSlice s;
  s.spec = spec;
  s.spec.grouping = Grouping();
  s.shape = GemmShape{range.size, shape.n, shape.k, 0};
  s.dRow = range.begin;
  const bool masked = spec.grouping.kind == GroupingKind::MMasked;
  auto at = [&](TensorId id) -> TensorView & {
    return s.views[static_cast<int>(id)];
  };
  auto offset = [&](TensorId id) -> std::int64_t & {
    return s.offsets[static_cast<int>(id)];
  };
  auto grouped = [&](TensorId id) { return views[static_cast<int>(id)]; };
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::D, TensorId::SA, TensorId::SB}) {
    at(id) = defaultView(s.spec, id, s.shape);
    at(id).rowStride = grouped(id).rowStride;
  }
  offset(TensorId::A) = range.begin * grouped(TensorId::A).rowStride;
  offset(TensorId::D) = range.begin * grouped(TensorId::D).rowStride;
  offset(TensorId::B) = range.group * shape.n * grouped(TensorId::B).rowStride;
  offset(TensorId::SB) =
      range.group * at(TensorId::SB).rows * grouped(TensorId::SB).rowStride;
  // SA is M-major: a group's rows are columns, and m_masked stacks whole
  // blocks of ceil(K / bk) rows.
  const std::int64_t saStride = grouped(TensorId::SA).rowStride;
  offset(TensorId::SA) = masked
                             ? range.group * at(TensorId::SA).rows * saStride +
                                   (range.begin - range.group * shape.m)
                             : range.begin;
  return s;
}

OperandStrides hopgemm::operandStrides(Major major, const TensorView &view) {
  if (major == Major::K)
    return {view.rowStride, 1};
  return {1, view.rowStride};
}

OutputStrides hopgemm::outputStrides(Major major, const TensorView &view) {
  if (major == Major::N)
    return {view.rowStride, 1};
  return {1, view.rowStride};
}

ScaleAccess hopgemm::scaleAccess(const OperandSpec &op,
                                 const TensorView &view) {
  ScaleAccess s;
  switch (op.scale) {
  case ScaleKind::None:
  case ScaleKind::Tensor:
    break;
  case ScaleKind::Row:
    s.rowStride = 1;
    break;
  case ScaleKind::Block:
    s.blockRows = op.scaleBlock[0];
    s.blockCols = op.scaleBlock[1];
    if (op.scaleBlock[0] == 1) {
      s.rowStride = 1;
      s.kStride = view.rowStride;
    } else {
      s.rowStride = view.rowStride;
      s.kStride = 1;
    }
    break;
  }
  return s;
}
