//===- Canary.h - canary guards around a device tensor ----------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// gemm-run allocates D (and C) with a guard region before and after the
// tensor, fills the guards and the padding columns between rows with a fixed
// byte (the canary) and checks after a run that every canary byte survived:
// a kernel that writes outside its tiles, or into C, is caught even where
// the NaN poison of D cannot see it. This is the layout of such a buffer and
// the host-side fill and check; nothing here touches a GPU.
//
// Byte offsets in messages are relative to the tensor's first byte, so the
// guard before it has negative offsets. Rows and columns are those of the
// tensor's 2-D view (GemmTypes.h).
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_CANARY_H
#define HOPGEMM_RUNTIME_CANARY_H

#include "hopgemm/Runtime/GemmTypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hopgemm {

/// The canary: not 0, not the NaN poison 0xff; 0x7f7f is a NaN in f16 and
/// near the largest finite value in bf16 and f32, which no test GEMM makes.
constexpr std::uint8_t kCanaryByte = 0x7f;
/// The byte every element of a poisoned output holds (a NaN in every type).
constexpr std::uint8_t kPoisonByte = 0xff;
/// Guards are at least this large, and at least one row of the tensor.
constexpr std::int64_t kMinGuardBytes = 64 << 10;

/// A tensor with `guardBytes` before and after it, in one allocation of
/// totalBytes(). The tensor is rows * rowStride elements, the last row's
/// padding included.
struct GuardedLayout {
  TensorView view;
  std::int64_t guardBytes = 0;

  /// Guards of max(kMinGuardBytes, one row), rounded up to 256 bytes so that
  /// the tensor keeps the alignment of a fresh cuMemAlloc.
  static GuardedLayout around(const TensorView &view);

  std::int64_t elementBytes() const { return dtypeBytes(view.dtype); }
  std::int64_t rowBytes() const { return view.rowStride * elementBytes(); }
  std::int64_t tensorBytes() const { return view.rows * rowBytes(); }
  std::int64_t totalBytes() const { return tensorBytes() + 2 * guardBytes; }

  /// An output before a run: the canary in the guards and in the padding
  /// columns, kPoisonByte in every element.
  std::vector<std::uint8_t> poisonedOutput() const;
  /// An input: the canary in the guards around `tensor` (tensorBytes(),
  /// padding included), which must come back unchanged.
  std::vector<std::uint8_t> guardedInput(const std::uint8_t *tensor) const;

  /// The offset in the buffer of the first byte of `actual` that differs
  /// from `expected` (both totalBytes()), not looking at the view's elements
  /// when `elementsWritten` (an output); none when intact.
  std::optional<std::int64_t> firstDamagedByte(const std::uint8_t *expected,
                                               const std::uint8_t *actual,
                                               bool elementsWritten) const;
  /// Where buffer offset `offset` lies, for a message about `tensor`:
  /// "canary before d overwritten at byte -123", "padding of row 5 of d
  /// overwritten at column 300", "c overwritten at row 3, column 7", "canary
  /// after d overwritten at byte 14336".
  std::string describeDamage(std::int64_t offset, const char *tensor) const;
};

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_CANARY_H
