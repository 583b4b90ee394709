//===- Numerics.h - FP8/BF16/F16 encodings ----------------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Bit-exact conversions between the storage formats and float. The header is
// shared by host code and the CUDA reference kernel (Reference.cu), so both
// references decode operands identically and the unit tests of the host
// version cover the device version too.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_NUMERICS_H
#define HOPGEMM_RUNTIME_NUMERICS_H

#include <cstdint>
#include <cstring>

#ifdef __CUDACC__
#define HOPGEMM_HD __host__ __device__ __forceinline__
#else
#define HOPGEMM_HD inline
#endif

namespace hopgemm::numerics {

HOPGEMM_HD float bitsToFloat(std::uint32_t bits) {
#ifdef __CUDA_ARCH__
  return __uint_as_float(bits);
#else
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
#endif
}

HOPGEMM_HD std::uint32_t floatToBits(float f) {
#ifdef __CUDA_ARCH__
  return __float_as_uint(f);
#else
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  return bits;
#endif
}

/// 2^e for small integer e, exactly.
HOPGEMM_HD float exp2i(int e) {
  return bitsToFloat(static_cast<std::uint32_t>(e + 127) << 23);
}

/// A float8 format with `expBits` exponent bits and `manBits` mantissa bits.
/// E4M3FN has no infinities and a single NaN mantissa (S.1111.111); E5M2
/// follows IEEE (exponent 31 is inf/NaN).
HOPGEMM_HD float decodeFloat8(std::uint8_t code, int expBits, int manBits,
                              bool ieeeSpecials) {
  const int bias = (1 << (expBits - 1)) - 1;
  const int expMask = (1 << expBits) - 1;
  const int manMask = (1 << manBits) - 1;
  const bool negative = code & 0x80;
  const int e = (code >> manBits) & expMask;
  const int m = code & manMask;
  float v;
  if (ieeeSpecials && e == expMask)
    v = m == 0 ? bitsToFloat(0x7f800000u) : bitsToFloat(0x7fc00000u);
  else if (!ieeeSpecials && e == expMask && m == manMask)
    v = bitsToFloat(0x7fc00000u);
  else if (e == 0)
    v = static_cast<float>(m) * exp2i(1 - bias - manBits);
  else
    v = static_cast<float>(m + (1 << manBits)) * exp2i(e - bias - manBits);
  return negative ? -v : v;
}

HOPGEMM_HD float decodeE4M3FN(std::uint8_t code) {
  return decodeFloat8(code, 4, 3, false);
}
HOPGEMM_HD float decodeE5M2(std::uint8_t code) {
  return decodeFloat8(code, 5, 2, true);
}

/// UE8M0 (f8E8M0FNU, OCP MX scales): 2^(e - 127), NaN for 255. Byte 0 is
/// 2^-127, a float32 denormal, so it is built from its bits rather than
/// shifted into the exponent field.
HOPGEMM_HD float decodeE8M0(std::uint8_t code) {
  if (code == 0xff)
    return bitsToFloat(0x7fc00000u);
  if (code == 0)
    return bitsToFloat(0x00400000u);
  return bitsToFloat(static_cast<std::uint32_t>(code) << 23);
}

HOPGEMM_HD float decodeBF16(std::uint16_t bits) {
  return bitsToFloat(static_cast<std::uint32_t>(bits) << 16);
}

HOPGEMM_HD float decodeF16(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000) << 16;
  const int e = (bits >> 10) & 0x1f;
  const int m = bits & 0x3ff;
  float v;
  if (e == 0x1f)
    v = m == 0 ? bitsToFloat(0x7f800000u) : bitsToFloat(0x7fc00000u);
  else if (e == 0)
    v = static_cast<float>(m) * exp2i(-24);
  else
    v = bitsToFloat(static_cast<std::uint32_t>(e - 15 + 127) << 23 |
                    static_cast<std::uint32_t>(m) << 13);
  return sign ? -v : v;
}

/// Round to nearest even; NaN stays NaN.
HOPGEMM_HD std::uint16_t encodeBF16(float f) {
  std::uint32_t bits = floatToBits(f);
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return static_cast<std::uint16_t>((bits >> 16) | 0x40);
  bits += 0x7fff + ((bits >> 16) & 1);
  return static_cast<std::uint16_t>(bits >> 16);
}

/// Round to nearest even, with subnormals; overflow gives infinity.
HOPGEMM_HD std::uint16_t encodeF16(float f) {
  const std::uint32_t bits = floatToBits(f);
  const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000);
  const std::uint32_t abs = bits & 0x7fffffffu;
  if (abs > 0x7f800000u)
    return sign | 0x7e00;
  if (abs >= 0x477ff000u) // rounds to >= 65536 -> inf
    return sign | 0x7c00;
  const int e = static_cast<int>(abs >> 23) - 127;
  if (e >= -14) {
    // Normal: keep 10 mantissa bits, round on the 13 dropped ones.
    std::uint32_t v = abs - (static_cast<std::uint32_t>(127 - 15) << 23);
    v += 0xfff + ((v >> 13) & 1);
    return sign | static_cast<std::uint16_t>(v >> 13);
  }
  if (e < -25)
    return sign;
  // Subnormal: the value in units of 2^-24, rounded to nearest even.
  const std::uint32_t man = (abs & 0x7fffff) | 0x800000;
  const int shift = -e - 14 + 13; // 14..24 dropped bits
  const std::uint32_t half = 1u << (shift - 1);
  std::uint32_t q = man >> shift;
  const std::uint32_t rest = man & ((1u << shift) - 1);
  if (rest > half || (rest == half && (q & 1)))
    ++q;
  return sign | static_cast<std::uint16_t>(q);
}

} // namespace hopgemm::numerics

#endif // HOPGEMM_RUNTIME_NUMERICS_H
