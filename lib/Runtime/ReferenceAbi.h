//===- ReferenceAbi.h - parameters of the reference GEMM kernel -*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The one parameter of hopgemm_reference_gemm, shared by Reference.cu (nvcc)
// and Reference.cpp (the host compiler). Only 8-byte fields and explicit
// padding, so both compilers lay it out identically; the static_asserts
// below run in both.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_LIB_RUNTIME_REFERENCEABI_H
#define HOPGEMM_LIB_RUNTIME_REFERENCEABI_H

#include <cstdint>

namespace hopgemm::reference {

/// An input operand (a or b) with its scales. Element (r, k) is at
/// data[r * rowStride + k * kStride]; its scale at scale[(r / scaleBlockRows)
/// * scaleRowStride + (k / scaleBlockCols) * scaleKStride], or 1 when scale
/// is 0.
struct InputParams {
  std::uint64_t data;
  std::uint64_t scale;
  std::int64_t rowStride, kStride;
  std::int64_t scaleBlockRows, scaleBlockCols;
  std::int64_t scaleRowStride, scaleKStride;
  /// hopgemm::DType values: the data's, and the scales' (F32 or E8M0).
  std::int64_t dtype;
  std::int64_t scaleDtype;
};

/// An output (d, or the c that is added). Element (m, n) is at
/// data[m * mStride + n * nStride].
struct OutputParams {
  std::uint64_t data;
  std::int64_t mStride, nStride;
  std::int64_t dtype;
};

struct GemmParams {
  InputParams a, b;
  OutputParams c, d;
  std::int64_t m, n, k;
  /// Non-zero when c is added.
  std::int64_t hasC;
};

static_assert(sizeof(InputParams) == 80, "InputParams layout");
static_assert(sizeof(OutputParams) == 32, "OutputParams layout");
static_assert(sizeof(GemmParams) == 2 * 80 + 2 * 32 + 32, "GemmParams layout");

/// Tile sizes of the kernel, which the host needs for the grid.
constexpr int kTileM = 64;
constexpr int kTileN = 64;
constexpr int kThreads = 256;

} // namespace hopgemm::reference

#endif // HOPGEMM_LIB_RUNTIME_REFERENCEABI_H
