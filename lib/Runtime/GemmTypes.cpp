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
    {DType::F32, "f32", 4},
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
  }
  return "?";
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
  }
  return false;
}

static Status verifyInput(const char *name, const OperandSpec &op,
                          Major other) {
  if (op.major != Major::K && op.major != other)
    return Status::errorf("operand ", name, " has major '", majorName(op.major),
                          "' (expected k_major or ", majorName(other), ")");
  if (op.scale == ScaleKind::Block &&
      (op.scaleBlock[0] <= 0 || op.scaleBlock[1] <= 0))
    return Status::errorf("operand ", name, " has scale block [",
                          op.scaleBlock[0], ", ", op.scaleBlock[1],
                          "] (expected two positive sizes)");
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
  return Status::success();
}

static TensorView scaleView(const OperandSpec &op, std::int64_t rows,
                            std::int64_t k) {
  TensorView v;
  v.dtype = DType::F32;
  switch (op.scale) {
  case ScaleKind::None:
  case ScaleKind::Tensor:
    v.rows = v.cols = v.rowStride = 1;
    break;
  case ScaleKind::Row:
    v.rows = 1;
    v.cols = rows;
    v.rowStride = alignUp(rows, 4);
    break;
  case ScaleKind::Block:
    if (op.scaleBlock[0] == 1) {
      v.rows = ceilDiv(k, op.scaleBlock[1]);
      v.cols = rows;
      v.rowStride = alignUp(rows, 4);
    } else {
      v.rows = ceilDiv(rows, op.scaleBlock[0]);
      v.cols = ceilDiv(k, op.scaleBlock[1]);
      v.rowStride = v.cols;
    }
    break;
  }
  return v;
}

TensorView hopgemm::defaultView(const GemmSpec &spec, TensorId id,
                                GemmShape shape) {
  auto view = [](DType dtype, std::int64_t rows, std::int64_t cols) {
    TensorView v;
    v.rows = rows;
    v.cols = cols;
    v.rowStride = cols;
    v.dtype = dtype;
    return v;
  };
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
  }
  return TensorView();
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
