//===- GemmTypes.h - operand types and tensor layouts -----------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// What a GEMM's operands are (dtype, major-ness, scale kind) and how each
// tensor is laid out in memory as a 2-D view. The kernel launcher, the
// reference implementations and gemm-run all derive layouts from here, so
// they cannot disagree about where an element lives.
//
// D = (A * SA) @ (B * SB)^T (+ C), with A logically M x K, B logically N x K
// and D, C logically M x N. Every tensor is a 2-D row-major view
// (rows, cols, row stride in elements):
//   a: (M, K) when k_major, (K, M) when m_major
//   b: (N, K) when k_major, (K, N) when n_major
//   d, c: (M, N) when n_major, (N, M) when m_major
//   scales of operand X with R rows (R = M for a, N for b), f32:
//     tensor: (1, 1)
//     row: (1, R), default row stride align_up(R, 4)
//     block [1, bk]: stored MN-major like DeepGEMM's "TMA-aligned" scales:
//       (ceil(K / bk), R), default row stride align_up(R, 4), so that rows
//       are 16-byte aligned for TMA
//     block [br, bk] with br > 1: (ceil(R / br), ceil(K / bk)), dense
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_GEMMTYPES_H
#define HOPGEMM_RUNTIME_GEMMTYPES_H

#include "hopgemm/Runtime/Status.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace hopgemm {

enum class DType : std::uint8_t { F8E4M3FN, F8E5M2, BF16, F16, F32 };

/// The metadata spelling ("f8E4M3FN", "bf16", ...).
const char *dtypeName(DType type);
std::optional<DType> parseDType(std::string_view name);
int dtypeBytes(DType type);
inline bool isFloat8(DType type) {
  return type == DType::F8E4M3FN || type == DType::F8E5M2;
}

/// Which logical dimension is contiguous in memory.
enum class Major : std::uint8_t { K, M, N };
const char *majorName(Major major);
std::optional<Major> parseMajor(std::string_view name);

enum class ScaleKind : std::uint8_t { None, Tensor, Row, Block };
const char *scaleKindName(ScaleKind kind);
std::optional<ScaleKind> parseScaleKind(std::string_view name);

/// The tensors a GEMM kernel can take.
enum class TensorId : std::uint8_t { A, B, C, D, SA, SB };
constexpr int kNumTensors = 6;
const char *tensorName(TensorId id);
std::optional<TensorId> parseTensorId(std::string_view name);

struct OperandSpec {
  DType dtype = DType::F32;
  Major major = Major::K;
  ScaleKind scale = ScaleKind::None;
  /// [rows, cols] of one scale block; only for ScaleKind::Block.
  std::int64_t scaleBlock[2] = {0, 0};
};

/// The operands of a GEMM, independent of any kernel.
struct GemmSpec {
  OperandSpec a, b, d;
  std::optional<OperandSpec> c;

  bool hasTensor(TensorId id) const;
  /// Checks majors, dtypes and scale blocks, e.g. "operand d has major
  /// 'k_major' (expected n_major or m_major)".
  Status verify() const;
};

struct GemmShape {
  std::int64_t m = 0, n = 0, k = 0;
};

/// A 2-D row-major view of a tensor in device memory.
struct TensorView {
  std::int64_t rows = 0, cols = 0;
  /// Row stride in elements.
  std::int64_t rowStride = 0;
  DType dtype = DType::F32;

  /// Elements from the first to one past the last element of the view.
  std::int64_t extentElements() const {
    return rows == 0 ? 0 : (rows - 1) * rowStride + cols;
  }
};

/// The dense default view of tensor `id`. Expects a verified spec, a present
/// tensor and positive m/n/k below 2^31 (the caller checks these first).
TensorView defaultView(const GemmSpec &spec, TensorId id, GemmShape shape);

/// Element offsets of an input operand (a or b): element (r, k), r < M or N,
/// lives at r * rowStride + k * kStride.
struct OperandStrides {
  std::int64_t rowStride = 0, kStride = 0;
};
OperandStrides operandStrides(Major major, const TensorView &view);

/// Element offsets of an output (d or c): element (m, n) lives at
/// m * mStride + n * nStride.
struct OutputStrides {
  std::int64_t mStride = 0, nStride = 0;
};
OutputStrides outputStrides(Major major, const TensorView &view);

/// Scale of element (r, k) of an operand: scale[(r / blockRows) * rowStride +
/// (k / blockCols) * kStride]. Covers every scale kind, so the references
/// need no per-kind code.
struct ScaleAccess {
  std::int64_t blockRows = 1, blockCols = 1;
  std::int64_t rowStride = 0, kStride = 0;
};
ScaleAccess scaleAccess(const OperandSpec &operand, const TensorView &view);

inline std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}
inline std::int64_t alignUp(std::int64_t a, std::int64_t b) {
  return ceilDiv(a, b) * b;
}

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_GEMMTYPES_H
