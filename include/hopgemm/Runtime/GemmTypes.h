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
//   block scales of operand X as UE8M0 bytes (f8E8M0FNU: 2^(e - 127) for
//   the byte e, NaN for 255; tensor and row scales are f32 only):
//     block [1, bk]: (ceil(K / bk), R), default row stride align_up(R, 16)
//       bytes, so that rows are 16-byte aligned for TMA
//     block [br, bk] with br > 1: (ceil(R / br), ceil(K / bk)), dense
//   The grouped layouts below stack byte scales as they stack f32 ones,
//   with the byte scales' row strides (align_up(R, 16) for R-major ones).
//
// M-grouped GEMMs (MoE; a k_major, b k_major with [1, bk] / [br, bk] block
// scales, d n_major, no c) run G GEMMs that share N and K; B is (G, N, K)
// and SB (G, ceil(N / br), ceil(K / bk)), so
//   b: (G * N, K); sb: (G * ceil(N / br), ceil(K / bk)), dense
// m_contiguous (M = the rows of all groups, each padded to m_alignment):
//   a: (M, K); sa: (ceil(K / bk), M), row stride align_up(M, 4); d: (M, N);
//   m_indices: (1, M) i32, the group of each row or -1 for padding
// m_masked (M = max_m, the rows reserved for each group):
//   a: (G * M, K); sa: (G * ceil(K / bk), M), row stride align_up(M, 4),
//   group g's M-major block at rows [g * ceil(K / bk), ...);
//   d: (G * M, N); masked_m: (1, G) i32, the valid rows of each group
//
// K-grouped GEMMs (the weight gradient of MoE layers; a and b k_major with
// [1, bk] block scales, d f32 n_major, optional c like d) run G GEMMs that
// share M and N and split K: group g owns the K columns [k_off(g),
// k_off(g) + ks[g]) of A and B, k_off the exclusive prefix sum of ks, each
// ks[g] a multiple of k_alignment (0 allowed: D[g] = C[g], or 0), and K
// their sum; D[g] = C[g] + (A[:, g's K] * SA) @ (B[:, g's K] * SB)^T.
// k_contiguous:
//   a: (M, K); sa: (ceil(K / bk), M), row stride align_up(M, 4);
//   b: (N, K); sb: (ceil(K / bk), N), row stride align_up(N, 4);
//   d, c: (G * M, N), group g's rows at [g * M, (g + 1) * M);
//   ks: (1, G) i32, the K columns of each group
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_GEMMTYPES_H
#define HOPGEMM_RUNTIME_GEMMTYPES_H

#include "hopgemm/Runtime/Status.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace hopgemm {

/// I32 is only the dtype of the group index tensors, E8M0 (f8E8M0FNU,
/// UE8M0 power-of-two scales) only that of block scales.
enum class DType : std::uint8_t { F8E4M3FN, F8E5M2, BF16, F16, F32, I32, E8M0 };

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

/// The tensors a GEMM kernel can take; MIndices, MaskedM and KSizes (the
/// int32 index tensors, "ks") only grouped ones.
enum class TensorId : std::uint8_t {
  A,
  B,
  C,
  D,
  SA,
  SB,
  MIndices,
  MaskedM,
  KSizes
};
constexpr int kNumTensors = 9;
const char *tensorName(TensorId id);
std::optional<TensorId> parseTensorId(std::string_view name);

/// How the rows (M-grouped) or the K columns (K-grouped) of a grouped GEMM
/// are assigned to groups (see the top of this file).
enum class GroupingKind : std::uint8_t {
  None,
  MContiguous,
  MMasked,
  KContiguous
};
const char *groupingKindName(GroupingKind kind);
std::optional<GroupingKind> parseGroupingKind(std::string_view name);

struct Grouping {
  GroupingKind kind = GroupingKind::None;
  /// Each group's rows are padded to a multiple of this (the tile M); for
  /// k_contiguous, M is a multiple of it.
  std::int64_t mAlignment = 0;
  /// k_contiguous: each group's K is a multiple of this (0 otherwise).
  std::int64_t kAlignment = 0;

  bool grouped() const { return kind != GroupingKind::None; }
  bool kGrouped() const { return kind == GroupingKind::KContiguous; }
  /// The kernel's int32 index tensor (m_indices, masked_m or ks); only for
  /// a grouped spec.
  TensorId indexTensor() const;
};

struct OperandSpec {
  DType dtype = DType::F32;
  Major major = Major::K;
  ScaleKind scale = ScaleKind::None;
  /// [rows, cols] of one scale block; only for ScaleKind::Block.
  std::int64_t scaleBlock[2] = {0, 0};
  /// F32, or E8M0 for block scales.
  DType scaleDType = DType::F32;
};

/// The operands of a GEMM, independent of any kernel.
struct GemmSpec {
  OperandSpec a, b, d;
  std::optional<OperandSpec> c;
  Grouping grouping;

  bool hasTensor(TensorId id) const;
  /// Why the spec has no tensor `id`, for messages: "no operand c".
  const char *whyNoTensor(TensorId id) const;
  /// Checks majors, dtypes and scale blocks, e.g. "operand d has major
  /// 'k_major' (expected n_major or m_major)".
  Status verify() const;
  /// The grouped layout: "m_masked grouping needs k_major a and b with ...".
  Status verifyGrouping() const;

private:
  Status verifyKGrouping() const;
};

struct GemmShape {
  std::int64_t m = 0, n = 0, k = 0;
  /// G of a grouped GEMM; 0 when ungrouped.
  std::int64_t groups = 0;
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
  /// extentElements() in bytes, or none when that does not fit in 64 bits.
  std::optional<std::uint64_t> extentBytes() const;
};

/// The dense default view of tensor `id`. Expects a verified spec, a present
/// tensor, positive m/n/k below 2^31 and, for a grouped spec, groups in
/// [1, 2^31) (the caller checks these first).
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

/// What group `group` of a grouped GEMM computes: of an M-grouped GEMM the
/// rows [begin, begin + size) (counted in the grouped views of a and d;
/// m_masked: group g starts at g * max_m); of a K-grouped GEMM the K columns
/// [begin, begin + size) of a and b (size 0 for an empty group).
struct GroupRange {
  std::int64_t group = 0, begin = 0, size = 0;
};

/// One group of a grouped GEMM as an ungrouped GEMM: its spec and shape
/// ((size, N, K) or, K-grouped, (M, N, size)), and for each of its tensors
/// the view and the element offset of its first element in the grouped
/// tensor's view `views` (with their row strides).
struct GroupSlice {
  GemmSpec spec;
  GemmShape shape;
  TensorView views[kNumTensors];
  std::int64_t offsets[kNumTensors] = {};
  /// The group's first row in d's grouped view.
  std::int64_t dRow = 0;
};
/// Expects `range` inside the grouped shape and, K-grouped, `begin` a
/// multiple of the scale blocks' K (the runtime's k_alignment checks).
GroupSlice sliceGroup(const GemmSpec &spec, GemmShape shape,
                      const TensorView views[kNumTensors], GroupRange range);

inline std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}
inline std::int64_t alignUp(std::int64_t a, std::int64_t b) {
  return ceilDiv(a, b) * b;
}

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_GEMMTYPES_H
