//===- NumericsTest.cpp - tests of the FP8/BF16/F16 encodings ------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Numerics.h"
#include "TestHarness.h"

#include <cmath>

using namespace hopgemm;
using namespace hopgemm::numerics;

TEST(e4m3fn_decoding) {
  CHECK_EQ(decodeE4M3FN(0x00), 0.0f);
  CHECK(std::signbit(decodeE4M3FN(0x80)));
  CHECK_EQ(decodeE4M3FN(0x38), 1.0f);
  CHECK_EQ(decodeE4M3FN(0xb8), -1.0f);
  CHECK_EQ(decodeE4M3FN(0x7e), 448.0f);
  CHECK_EQ(decodeE4M3FN(0x01), std::ldexp(1.0f, -9));
  CHECK_EQ(decodeE4M3FN(0x07), 7 * std::ldexp(1.0f, -9));
  CHECK_EQ(decodeE4M3FN(0x08), std::ldexp(1.0f, -6));
  // No infinities: only S.1111.111 is NaN.
  CHECK(std::isnan(decodeE4M3FN(0x7f)));
  CHECK(std::isnan(decodeE4M3FN(0xff)));
  CHECK_EQ(decodeE4M3FN(0x78), 256.0f);
  int finite = 0;
  for (int c = 0; c < 256; ++c)
    finite += std::isfinite(decodeE4M3FN(c));
  CHECK_EQ(finite, 254);
}

TEST(e5m2_decoding) {
  CHECK_EQ(decodeE5M2(0x3c), 1.0f);
  CHECK_EQ(decodeE5M2(0x7b), 57344.0f);
  CHECK_EQ(decodeE5M2(0x01), std::ldexp(1.0f, -16));
  CHECK_EQ(decodeE5M2(0x04), std::ldexp(1.0f, -14));
  CHECK(std::isinf(decodeE5M2(0x7c)));
  CHECK(std::isinf(decodeE5M2(0xfc)) && decodeE5M2(0xfc) < 0);
  CHECK(std::isnan(decodeE5M2(0x7d)));
  int finite = 0;
  for (int c = 0; c < 256; ++c)
    finite += std::isfinite(decodeE5M2(c));
  CHECK_EQ(finite, 248);
}

TEST(e8m0_decoding) {
  CHECK_EQ(decodeE8M0(127), 1.0f);
  CHECK_EQ(decodeE8M0(124), 0.125f);
  CHECK_EQ(decodeE8M0(130), 8.0f);
  CHECK_EQ(decodeE8M0(254), std::ldexp(1.0f, 127));
  CHECK_EQ(decodeE8M0(1), std::ldexp(1.0f, -126));
  // Byte 0 is 2^-127, a denormal rather than zero.
  CHECK_EQ(decodeE8M0(0), std::ldexp(1.0f, -127));
  CHECK(decodeE8M0(0) > 0);
  CHECK(std::isnan(decodeE8M0(255)));
  for (int e = 1; e < 255; ++e)
    CHECK_EQ(decodeE8M0(static_cast<std::uint8_t>(e)),
             std::ldexp(1.0f, e - 127));
}

TEST(bf16_round_trip_and_rounding) {
  for (std::uint32_t bits = 0; bits < 0x10000; ++bits) {
    float f = decodeBF16(static_cast<std::uint16_t>(bits));
    if (std::isnan(f))
      CHECK(std::isnan(decodeBF16(encodeBF16(f))));
    else if (encodeBF16(f) != bits)
      CHECK_EQ(encodeBF16(f), static_cast<std::uint16_t>(bits));
  }
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1).
  CHECK_EQ(encodeBF16(1.0f + std::ldexp(1.0f, -8)), std::uint16_t(0x3f80));
  CHECK_EQ(encodeBF16(1.0f + 3 * std::ldexp(1.0f, -8)), std::uint16_t(0x3f82));
  CHECK_EQ(encodeBF16(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -20)),
           std::uint16_t(0x3f81));
}

TEST(f16_round_trip_and_rounding) {
  for (std::uint32_t bits = 0; bits < 0x10000; ++bits) {
    float f = decodeF16(static_cast<std::uint16_t>(bits));
    if (std::isnan(f))
      CHECK(std::isnan(decodeF16(encodeF16(f))));
    else if (encodeF16(f) != bits)
      CHECK_EQ(encodeF16(f), static_cast<std::uint16_t>(bits));
  }
  CHECK_EQ(decodeF16(0x3c00), 1.0f);
  CHECK_EQ(decodeF16(0x7bff), 65504.0f);
  CHECK_EQ(decodeF16(0x0001), std::ldexp(1.0f, -24));
  CHECK_EQ(encodeF16(65519.0f), std::uint16_t(0x7bff));
  CHECK_EQ(encodeF16(65520.0f), std::uint16_t(0x7c00));
  CHECK_EQ(encodeF16(1e10f), std::uint16_t(0x7c00));
  CHECK_EQ(encodeF16(-1e10f), std::uint16_t(0xfc00));
  // Halfway cases round to even, in the normal and the subnormal range.
  CHECK_EQ(encodeF16(1.0f + std::ldexp(1.0f, -11)), std::uint16_t(0x3c00));
  CHECK_EQ(encodeF16(1.0f + 3 * std::ldexp(1.0f, -11)), std::uint16_t(0x3c02));
  CHECK_EQ(encodeF16(std::ldexp(1.0f, -25)), std::uint16_t(0x0000));
  CHECK_EQ(encodeF16(3 * std::ldexp(1.0f, -25)), std::uint16_t(0x0002));
  CHECK_EQ(encodeF16(std::ldexp(1.0f, -25) * 1.0001f), std::uint16_t(0x0001));
  CHECK_EQ(encodeF16(std::ldexp(1.0f, -30)), std::uint16_t(0x0000));
  // The largest subnormal rounds up into the smallest normal.
  CHECK_EQ(encodeF16(std::ldexp(1.0f, -14) - std::ldexp(1.0f, -26)),
           std::uint16_t(0x0400));
}
