//===- Canary.cpp - canary guards around a tensor in device memory --------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Canary.h"

#include <algorithm>
#include <cstring>

using namespace hopgemm;

GuardedLayout GuardedLayout::around(const TensorView &view) {
  GuardedLayout layout;
  layout.view = view;
  layout.guardBytes = alignUp(std::max(kMinGuardBytes, layout.rowBytes()), 256);
  return layout;
}

std::vector<std::uint8_t> GuardedLayout::poisonedOutput() const {
  std::vector<std::uint8_t> image(static_cast<std::size_t>(totalBytes()),
                                  kCanaryByte);
  const std::int64_t elementsPerRow = view.cols * elementBytes();
  for (std::int64_t r = 0; r < view.rows; ++r)
    std::memset(image.data() + guardBytes + r * rowBytes(), kPoisonByte,
                static_cast<std::size_t>(elementsPerRow));
  return image;
}

std::vector<std::uint8_t>
GuardedLayout::guardedInput(const std::uint8_t *tensor) const {
  std::vector<std::uint8_t> image(static_cast<std::size_t>(totalBytes()),
                                  kCanaryByte);
  std::memcpy(image.data() + guardBytes, tensor,
              static_cast<std::size_t>(tensorBytes()));
  return image;
}

/// The first offset in [begin, end) where `a` and `b` differ.
static std::optional<std::int64_t> firstDifference(const std::uint8_t *a,
                                                   const std::uint8_t *b,
                                                   std::int64_t begin,
                                                   std::int64_t end) {
  if (begin >= end || std::memcmp(a + begin, b + begin,
                                  static_cast<std::size_t>(end - begin)) == 0)
    return std::nullopt;
  while (a[begin] == b[begin])
    ++begin;
  return begin;
}

std::optional<std::int64_t>
GuardedLayout::firstDamagedByte(const std::uint8_t *expected,
                                const std::uint8_t *actual,
                                bool elementsWritten) const {
  if (!elementsWritten)
    return firstDifference(expected, actual, 0, totalBytes());
  if (auto bad = firstDifference(expected, actual, 0, guardBytes))
    return bad;
  const std::int64_t elementsPerRow = view.cols * elementBytes();
  for (std::int64_t r = 0; r < view.rows; ++r) {
    std::int64_t row = guardBytes + r * rowBytes();
    if (auto bad = firstDifference(expected, actual, row + elementsPerRow,
                                   row + rowBytes()))
      return bad;
  }
  return firstDifference(expected, actual, guardBytes + tensorBytes(),
                         totalBytes());
}

std::string GuardedLayout::describeDamage(std::int64_t offset,
                                          const char *tensor) const {
  std::int64_t byte = offset - guardBytes;
  if (byte < 0)
    return strCat("canary before ", tensor, " overwritten at byte ", byte);
  if (byte >= tensorBytes())
    return strCat("canary after ", tensor, " overwritten at byte ", byte);
  std::int64_t row = byte / rowBytes();
  std::int64_t col = byte % rowBytes() / elementBytes();
  if (col >= view.cols)
    return strCat("padding of row ", row, " of ", tensor,
                  " overwritten at column ", col);
  return strCat(tensor, " overwritten at row ", row, ", column ", col);
}
