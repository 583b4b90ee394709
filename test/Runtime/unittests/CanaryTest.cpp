//===- CanaryTest.cpp - tests of guarded buffers and bitwise comparison --===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Canary.h"
#include "TestHarness.h"
#include "hopgemm/Runtime/Reference.h"

#include <algorithm>

using namespace hopgemm;

/// 3 rows of 5 f32 elements, rows 8 elements apart: 12 bytes of padding per
/// row, the last row's included.
static TensorView paddedView() {
  TensorView v;
  v.rows = 3;
  v.cols = 5;
  v.rowStride = 8;
  v.dtype = DType::F32;
  return v;
}

TEST(canary_guard_sizes) {
  GuardedLayout small = GuardedLayout::around(paddedView());
  CHECK_EQ(small.guardBytes, kMinGuardBytes);
  CHECK_EQ(small.rowBytes(), std::int64_t(32));
  CHECK_EQ(small.tensorBytes(), std::int64_t(96));
  CHECK_EQ(small.totalBytes(), 96 + 2 * kMinGuardBytes);
  // A row longer than the minimum sets the guard, rounded up to 256 bytes.
  TensorView wide = paddedView();
  wide.cols = 40000;
  wide.rowStride = 40001;
  GuardedLayout large = GuardedLayout::around(wide);
  CHECK_EQ(large.guardBytes, std::int64_t(160256));
  CHECK(large.guardBytes >= large.rowBytes());
  CHECK_EQ(large.guardBytes % 256, std::int64_t(0));
}

TEST(canary_poisoned_output_image) {
  GuardedLayout layout = GuardedLayout::around(paddedView());
  std::vector<std::uint8_t> image = layout.poisonedOutput();
  CHECK_EQ(std::int64_t(image.size()), layout.totalBytes());
  const std::int64_t g = layout.guardBytes;
  auto canaryIn = [&](std::int64_t begin, std::int64_t end) {
    return std::all_of(image.begin() + begin, image.begin() + end,
                       [](std::uint8_t b) { return b == kCanaryByte; });
  };
  CHECK(canaryIn(0, g));
  CHECK(canaryIn(g + 96, layout.totalBytes()));
  for (std::int64_t r = 0; r < 3; ++r) {
    std::int64_t row = g + 32 * r;
    CHECK(std::all_of(image.begin() + row, image.begin() + row + 20,
                      [](std::uint8_t b) { return b == kPoisonByte; }));
    CHECK(canaryIn(row + 20, row + 32));
  }
}

TEST(canary_output_damage_is_located) {
  GuardedLayout layout = GuardedLayout::around(paddedView());
  const std::vector<std::uint8_t> before = layout.poisonedOutput();
  const std::int64_t g = layout.guardBytes;
  std::vector<std::uint8_t> after = before;
  CHECK(!layout.firstDamagedByte(before.data(), after.data(), true));
  // The kernel's elements may change; every other byte may not.
  for (std::int64_t r = 0; r < 3; ++r)
    std::fill(after.begin() + g + 32 * r, after.begin() + g + 32 * r + 20, 0);
  CHECK(!layout.firstDamagedByte(before.data(), after.data(), true));

  // The earliest damaged byte is reported.
  after[g + 32 + 26] = 0;
  after[g + 32 * 2 + 20] = 0;
  std::optional<std::int64_t> bad =
      layout.firstDamagedByte(before.data(), after.data(), true);
  CHECK(bad && *bad == g + 32 + 26);
  if (bad)
    CHECK_EQ(layout.describeDamage(*bad, "d"),
             std::string("padding of row 1 of d overwritten at column 6"));
  // The first padding column, after the last element's last byte.
  CHECK_EQ(layout.describeDamage(g + 19, "d"),
           std::string("d overwritten at row 0, column 4"));
  CHECK_EQ(layout.describeDamage(g + 20, "d"),
           std::string("padding of row 0 of d overwritten at column 5"));
  // The last row's padding is checked too.
  CHECK_EQ(layout.describeDamage(g + 32 * 2 + 31, "d"),
           std::string("padding of row 2 of d overwritten at column 7"));

  // Every padding byte counts, the first one of a row included.
  std::vector<std::uint8_t> one = before;
  one[g + 20] = 0;
  bad = layout.firstDamagedByte(before.data(), one.data(), true);
  CHECK(bad && *bad == g + 20);

  after[g - 3] = 0;
  bad = layout.firstDamagedByte(before.data(), after.data(), true);
  CHECK(bad && *bad == g - 3);
  CHECK_EQ(layout.describeDamage(g - 3, "d"),
           std::string("canary before d overwritten at byte -3"));
  CHECK_EQ(layout.describeDamage(0, "d"),
           strCat("canary before d overwritten at byte -", g));

  after = before;
  after[layout.totalBytes() - 1] = 0;
  bad = layout.firstDamagedByte(before.data(), after.data(), true);
  CHECK(bad && *bad == layout.totalBytes() - 1);
  CHECK_EQ(layout.describeDamage(g + 96, "d"),
           std::string("canary after d overwritten at byte 96"));
}

TEST(canary_input_must_not_change) {
  GuardedLayout layout = GuardedLayout::around(paddedView());
  std::vector<std::uint8_t> tensor(96);
  for (size_t i = 0; i < tensor.size(); ++i)
    tensor[i] = static_cast<std::uint8_t>(i + 1);
  const std::vector<std::uint8_t> before = layout.guardedInput(tensor.data());
  const std::int64_t g = layout.guardBytes;
  CHECK(std::equal(tensor.begin(), tensor.end(), before.begin() + g));
  CHECK(std::all_of(before.begin(), before.begin() + g,
                    [](std::uint8_t b) { return b == kCanaryByte; }));
  std::vector<std::uint8_t> after = before;
  CHECK(!layout.firstDamagedByte(before.data(), after.data(), false));
  // Any element of an input counts, down to one byte of it.
  after[g + 2 * 32 + 4 * 4 + 3] ^= 1;
  std::optional<std::int64_t> bad =
      layout.firstDamagedByte(before.data(), after.data(), false);
  CHECK(bad && *bad == g + 2 * 32 + 19);
  if (bad)
    CHECK_EQ(layout.describeDamage(*bad, "c"),
             std::string("c overwritten at row 2, column 4"));
  // As an output, the same change would be allowed.
  CHECK(!layout.firstDamagedByte(before.data(), after.data(), true));
}

TEST(bitwise_comparison_of_runs) {
  TensorView v = paddedView();
  v.dtype = DType::BF16;
  std::vector<std::uint8_t> a(3 * 8 * 2, 0x3f), b = a;
  BitwiseDiff same = compareBitwise(v, a.data(), b.data());
  CHECK_EQ(same.count, std::int64_t(0));
  CHECK_EQ(same.firstRow, std::int64_t(-1));
  // Padding is not compared.
  b[2 * 6] = 0;
  CHECK_EQ(compareBitwise(v, a.data(), b.data()).count, std::int64_t(0));
  // Two elements differ, one only in its high byte.
  b[2 * (8 + 3) + 1] ^= 0x80;
  b[2 * (16 + 0)] ^= 1;
  BitwiseDiff diff = compareBitwise(v, a.data(), b.data());
  CHECK_EQ(diff.count, std::int64_t(2));
  CHECK_EQ(diff.firstRow, std::int64_t(1));
  CHECK_EQ(diff.firstCol, std::int64_t(3));
}
