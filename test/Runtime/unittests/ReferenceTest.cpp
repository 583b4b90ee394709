//===- ReferenceTest.cpp - tests of the CPU reference and comparison -----===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Reference.h"
#include "TestHarness.h"
#include "hopgemm/Runtime/Numerics.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace hopgemm;
using namespace hopgemm::numerics;

static void setF32(HostTensor &t, std::int64_t r, std::int64_t c, float v) {
  std::memcpy(&t.data[4 * (r * t.view.rowStride + c)], &v, 4);
}

TEST(random_inputs_are_finite_and_non_zero) {
  std::mt19937_64 rng(1);
  for (DType dtype :
       {DType::F8E4M3FN, DType::F8E5M2, DType::BF16, DType::F16, DType::F32}) {
    for (DType out : {DType::BF16, DType::F16}) {
      TensorView v;
      v.rows = 64;
      v.cols = 100;
      v.rowStride = 112;
      v.dtype = dtype;
      HostTensor t = HostTensor::allocate(v);
      RandomOptions options = RandomOptions::forOutput(out);
      fillRandomInput(t, rng, options);
      double maxAbs = 0;
      bool allGood = true;
      for (std::int64_t r = 0; r < v.rows; ++r)
        for (std::int64_t c = 0; c < v.rowStride; ++c) {
          float x = t.get(r, c);
          allGood &= std::isfinite(x) && x != 0;
          maxAbs = std::max(maxAbs, double(std::fabs(x)));
        }
      CHECK(allGood);
      CHECK(maxAbs <= options.maxInputAbs);
    }
  }
  TensorView s;
  s.rows = 3;
  s.cols = s.rowStride = 8;
  s.dtype = DType::F32;
  HostTensor scales = HostTensor::allocate(s);
  fillRandomScales(scales, rng, RandomOptions());
  for (std::int64_t i = 0; i < 24; ++i) {
    float x = scales.get(i / 8, i % 8);
    CHECK(x >= 0.125f && x <= 8.0f);
  }
}

TEST(random_byte_scales_are_whole_powers_of_two) {
  std::mt19937_64 rng(3);
  TensorView s;
  s.rows = 4;
  s.cols = 20;
  s.rowStride = 32;
  s.dtype = DType::E8M0;
  HostTensor scales = HostTensor::allocate(s);
  CHECK_EQ(scales.bytes(), std::size_t(128));
  fillRandomScales(scales, rng, RandomOptions());
  bool seen[7] = {};
  bool inRange = true;
  for (std::uint8_t e : scales.data) {
    inRange &= e >= 124 && e <= 130;
    if (e >= 124 && e <= 130)
      seen[e - 124] = true;
  }
  CHECK(inRange);
  CHECK(std::all_of(seen, seen + 7, [](bool b) { return b; }));
  CHECK_EQ(scales.get(0, 0), std::ldexp(1.0f, scales.data[0] - 127));
  // f16 outputs get 2^-2 .. 2^2.
  fillRandomScales(scales, rng, RandomOptions::forOutput(DType::F16));
  CHECK(std::all_of(scales.data.begin(), scales.data.end(),
                    [](std::uint8_t e) { return e >= 125 && e <= 129; }));
}

// UE8M0 block scales by hand: [1, 128] on A (M-major, rows padded to 16
// bytes), [128, 128] on B, with the extreme bytes 0 (2^-127, a denormal) and
// 255 (NaN).
TEST(cpu_reference_byte_scales_by_hand) {
  GemmSpec spec;
  spec.a.dtype = spec.b.dtype = spec.d.dtype = DType::F32;
  spec.a.major = spec.b.major = Major::K;
  spec.d.major = Major::N;
  spec.a.scale = spec.b.scale = ScaleKind::Block;
  spec.a.scaleBlock[0] = 1;
  spec.a.scaleBlock[1] = spec.b.scaleBlock[0] = spec.b.scaleBlock[1] = 128;
  spec.a.scaleDType = spec.b.scaleDType = DType::E8M0;
  GemmShape shape{2, 2, 256};

  // A[m][k] = (m + 1) in the first K block, 2 (m + 1) in the second; B = 1.
  HostTensor a = HostTensor::allocate(defaultView(spec, TensorId::A, shape));
  for (int m = 0; m < 2; ++m)
    for (int k = 0; k < 256; ++k)
      setF32(a, m, k, float((m + 1) * (k < 128 ? 1 : 2)));
  HostTensor b = HostTensor::allocate(defaultView(spec, TensorId::B, shape));
  for (int n = 0; n < 2; ++n)
    for (int k = 0; k < 256; ++k)
      setF32(b, n, k, 1.0f);
  // SA (K blocks, M) with rows of 16 bytes: K block 0 is 2^0 for m = 0 and
  // 2^-127 for m = 1, K block 1 is 2^3 and 2^-127.
  HostTensor sa = HostTensor::allocate(defaultView(spec, TensorId::SA, shape));
  CHECK_EQ(sa.view.rowStride, std::int64_t(16));
  CHECK_EQ(sa.bytes(), std::size_t(32));
  sa.data[0] = 127;
  sa.data[1] = 0;
  sa.data[16] = 130;
  sa.data[17] = 0;
  // SB (N blocks, K blocks) = (1, 2): 2^1 for K block 0, NaN for K block 1.
  HostTensor sb = HostTensor::allocate(defaultView(spec, TensorId::SB, shape));
  CHECK_EQ(sb.bytes(), std::size_t(2));
  sb.data[0] = 128;
  sb.data[1] = 255;

  const HostTensor *tensors[kNumTensors] = {};
  tensors[int(TensorId::A)] = &a;
  tensors[int(TensorId::B)] = &b;
  tensors[int(TensorId::SA)] = &sa;
  tensors[int(TensorId::SB)] = &sb;
  std::vector<float> out;
  CHECK_OK(cpuReference(spec, shape, tensors, out));
  if (out.size() != 4)
    return;
  // The NaN scale reaches every element.
  for (float v : out)
    CHECK(std::isnan(v));

  // K block 1 of B scaled by 2^-1 instead: D[0][n] = 128 * 1 * 1 * 2 + 128 *
  // 2 * 8 * 0.5 = 1280; D[1][n] = 128 * 2 * 2^-127 * 2 + 128 * 4 * 2^-127 *
  // 0.5 = 3 * 2^-119 (zero if byte 0 were flushed).
  sb.data[1] = 126;
  CHECK_OK(cpuReference(spec, shape, tensors, out));
  const float want[2] = {1280.0f, 3 * std::ldexp(1.0f, -119)};
  for (int m = 0; m < 2; ++m)
    for (int n = 0; n < 2; ++n)
      CHECK_EQ(out[m * 2 + n], want[m]);
}

// A 2x3x4 problem small enough to compute by hand, with every layout twist:
// m-major A with a padded stride, per-row A scales, a tensor scale on B and
// an added C.
TEST(cpu_reference_by_hand) {
  GemmSpec spec;
  spec.a.dtype = DType::F32;
  spec.a.major = Major::M;
  spec.a.scale = ScaleKind::Row;
  spec.b.dtype = DType::F32;
  spec.b.major = Major::K;
  spec.b.scale = ScaleKind::Tensor;
  spec.d.dtype = DType::F32;
  spec.d.major = Major::N;
  spec.c = spec.d;
  GemmShape shape{2, 3, 4};

  TensorView av = defaultView(spec, TensorId::A, shape);
  av.rowStride = 4; // (K, M) = (4, 2), padded
  HostTensor a = HostTensor::allocate(av);
  float aval[2][4] = {{1, 2, 3, 4}, {-1, 0.5f, 2, 1}};
  for (int m = 0; m < 2; ++m)
    for (int k = 0; k < 4; ++k)
      setF32(a, k, m, aval[m][k]);
  HostTensor sa = HostTensor::allocate(defaultView(spec, TensorId::SA, shape));
  setF32(sa, 0, 0, 2);
  setF32(sa, 0, 1, 0.5f);
  HostTensor b = HostTensor::allocate(defaultView(spec, TensorId::B, shape));
  float bval[3][4] = {{1, 0, 0, 0}, {1, 1, 1, 1}, {0, -1, 0, 2}};
  for (int n = 0; n < 3; ++n)
    for (int k = 0; k < 4; ++k)
      setF32(b, n, k, bval[n][k]);
  HostTensor sb = HostTensor::allocate(defaultView(spec, TensorId::SB, shape));
  setF32(sb, 0, 0, 3);
  HostTensor c = HostTensor::allocate(defaultView(spec, TensorId::C, shape));
  for (int m = 0; m < 2; ++m)
    for (int n = 0; n < 3; ++n)
      setF32(c, m, n, 10.0f * m + n);

  const HostTensor *tensors[kNumTensors] = {};
  tensors[int(TensorId::A)] = &a;
  tensors[int(TensorId::B)] = &b;
  tensors[int(TensorId::C)] = &c;
  tensors[int(TensorId::SA)] = &sa;
  tensors[int(TensorId::SB)] = &sb;
  std::vector<float> out;
  CHECK_OK(cpuReference(spec, shape, tensors, out));
  if (out.size() != 6)
    return;
  for (int m = 0; m < 2; ++m) {
    for (int n = 0; n < 3; ++n) {
      double want = 10.0 * m + n;
      for (int k = 0; k < 4; ++k)
        want += aval[m][k] * (m == 0 ? 2 : 0.5) * bval[n][k] * 3;
      CHECK_EQ(out[m * 3 + n], float(want));
    }
  }

  // Block scales [1, 2] on A (MN-major) and [2, 2] on B (row-major).
  spec.a.scale = ScaleKind::Block;
  spec.a.scaleBlock[0] = 1;
  spec.a.scaleBlock[1] = 2;
  spec.b.scale = ScaleKind::Block;
  spec.b.scaleBlock[0] = 2;
  spec.b.scaleBlock[1] = 2;
  spec.c.reset();
  HostTensor sa2 = HostTensor::allocate(defaultView(spec, TensorId::SA, shape));
  CHECK_EQ(sa2.view.rows, std::int64_t(2));
  CHECK_EQ(sa2.view.rowStride, std::int64_t(4));
  // sa2[kb][m]
  float saval[2][2] = {{1, 2}, {4, 8}};
  for (int kb = 0; kb < 2; ++kb)
    for (int m = 0; m < 2; ++m)
      setF32(sa2, kb, m, saval[kb][m]);
  HostTensor sb2 = HostTensor::allocate(defaultView(spec, TensorId::SB, shape));
  CHECK_EQ(sb2.view.rows, std::int64_t(2));
  CHECK_EQ(sb2.view.cols, std::int64_t(2));
  // sb2[nb][kb]
  float sbval[2][2] = {{1, 0.5f}, {0.25f, 2}};
  for (int nb = 0; nb < 2; ++nb)
    for (int kb = 0; kb < 2; ++kb)
      setF32(sb2, nb, kb, sbval[nb][kb]);
  tensors[int(TensorId::SA)] = &sa2;
  tensors[int(TensorId::SB)] = &sb2;
  tensors[int(TensorId::C)] = nullptr;
  CHECK_OK(cpuReference(spec, shape, tensors, out));
  for (int m = 0; m < 2; ++m) {
    for (int n = 0; n < 3; ++n) {
      double want = 0;
      for (int k = 0; k < 4; ++k)
        want += aval[m][k] * saval[k / 2][m] * bval[n][k] * sbval[n / 2][k / 2];
      CHECK_EQ(out[m * 3 + n], float(want));
    }
  }

  tensors[int(TensorId::SB)] = nullptr;
  CHECK_ERROR(cpuReference(spec, shape, tensors, out),
              "cpu reference: tensor sb is missing");
  tensors[int(TensorId::SB)] = &sa;
  CHECK_ERROR(cpuReference(spec, shape, tensors, out),
              "cpu reference: tensor sb does not match the problem");
}

TEST(compare_counts_nans_and_measures_error) {
  OperandSpec d;
  d.dtype = DType::BF16;
  d.major = Major::M;
  GemmShape shape{3, 2, 1};
  TensorView v;
  v.rows = 2; // m-major: (N, M)
  v.cols = 3;
  v.rowStride = 4;
  v.dtype = DType::BF16;
  HostTensor out = HostTensor::allocate(v);
  std::memset(out.data.data(), 0xff, out.bytes()); // NaN poison
  std::vector<float> ref = {1, 2, 3, 4, 5, 6};     // [m][n]
  CompareResult r = compareOutput(d, shape, out, ref.data());
  CHECK_EQ(r.nanCount, std::int64_t(6));
  CHECK(!r.passed(1e-2));

  auto put = [&](int m, int n, float x) {
    std::uint16_t bits = encodeBF16(x);
    std::memcpy(&out.data[2 * (n * v.rowStride + m)], &bits, 2);
  };
  for (int m = 0; m < 3; ++m)
    for (int n = 0; n < 2; ++n)
      put(m, n, ref[m * 2 + n]);
  r = compareOutput(d, shape, out, ref.data());
  CHECK_EQ(r.nanCount, std::int64_t(0));
  CHECK_EQ(r.relErr, 0.0);
  CHECK(r.passed(0));

  put(2, 1, 7); // ref 6
  r = compareOutput(d, shape, out, ref.data());
  CHECK(std::fabs(r.relErr - 1.0 / std::sqrt(91.0)) < 1e-12);
  CHECK_EQ(r.maxAbsErr, 1.0);
  CHECK(!r.passed(1e-2));

  put(0, 0, INFINITY);
  r = compareOutput(d, shape, out, ref.data());
  CHECK_EQ(r.infCount, std::int64_t(1));
  CHECK(!r.passed(1e30));
}

// A K-grouped reference is, group by group, the reference of the group's K
// columns plus its C; the groups' products add up to the whole K's, and an
// empty group gives C.
TEST(cpu_k_grouped_reference) {
  GemmSpec spec;
  spec.a.dtype = spec.b.dtype = DType::F8E4M3FN;
  spec.a.scale = spec.b.scale = ScaleKind::Block;
  spec.a.scaleBlock[0] = spec.b.scaleBlock[0] = 1;
  spec.a.scaleBlock[1] = spec.b.scaleBlock[1] = 128;
  spec.d.dtype = DType::F32;
  spec.d.major = Major::N;
  spec.c = spec.d;
  spec.grouping.kind = GroupingKind::KContiguous;
  spec.grouping.mAlignment = 1;
  spec.grouping.kAlignment = 128;
  CHECK_OK(spec.verify());
  const std::int64_t ks[] = {256, 0, 128};
  const GemmShape shape{3, 5, 384, 3};
  std::mt19937_64 rng(7);
  HostTensor tensors[kNumTensors];
  const HostTensor *pointers[kNumTensors] = {};
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::C, TensorId::SA, TensorId::SB}) {
    const int i = static_cast<int>(id);
    tensors[i] = HostTensor::allocate(defaultView(spec, id, shape));
    if (id == TensorId::SA || id == TensorId::SB)
      fillRandomScales(tensors[i], rng, RandomOptions());
    else
      fillRandomInput(tensors[i], rng, RandomOptions());
    pointers[i] = &tensors[i];
  }
  std::vector<GroupRange> groups;
  for (std::int64_t g = 0, begin = 0; g < 3; begin += ks[g++])
    groups.push_back({g, begin, ks[g]});
  std::vector<float> out;
  CHECK_OK(cpuGroupedReference(spec, shape, pointers, groups, out));
  CHECK_EQ(out.size(), size_t(3 * 3 * 5));
  if (out.size() != size_t(3 * 3 * 5))
    return;
  const HostTensor &c = tensors[static_cast<int>(TensorId::C)];
  // The empty group: exactly C.
  for (std::int64_t r = 3; r < 6; ++r)
    for (std::int64_t n = 0; n < 5; ++n)
      CHECK_EQ(out[r * 5 + n], c.get(r, n));
  // Group 2 by hand: K columns [256, 384), scales of block 2.
  const HostTensor &a = tensors[static_cast<int>(TensorId::A)];
  const HostTensor &b = tensors[static_cast<int>(TensorId::B)];
  const HostTensor &sa = tensors[static_cast<int>(TensorId::SA)];
  const HostTensor &sb = tensors[static_cast<int>(TensorId::SB)];
  for (std::int64_t m = 0; m < 3; ++m) {
    for (std::int64_t n = 0; n < 5; ++n) {
      double want = c.get(6 + m, n);
      for (std::int64_t k = 256; k < 384; ++k)
        want += double(a.get(m, k)) * sa.get(k / 128, m) * b.get(n, k) *
                sb.get(k / 128, n);
      float got = out[(6 + m) * 5 + n];
      CHECK(std::fabs(got - want) <= 1e-5 * std::fabs(want) + 1e-30);
    }
  }
  // Without C and grouping: the whole K is the sum of the groups' parts.
  GemmSpec whole = spec;
  whole.c.reset();
  whole.grouping = Grouping();
  std::vector<float> full;
  const GemmShape wholeShape{3, 5, 384};
  CHECK_OK(cpuReference(whole, wholeShape, pointers, full));
  for (std::int64_t m = 0; m < 3 && full.size() == 15; ++m) {
    for (std::int64_t n = 0; n < 5; ++n) {
      double sum = 0;
      for (std::int64_t g = 0; g < 3; ++g)
        sum += double(out[(g * 3 + m) * 5 + n]) - c.get(g * 3 + m, n);
      CHECK(std::fabs(sum - full[m * 5 + n]) <=
            1e-5 * std::fabs(full[m * 5 + n]) + 1e-30);
    }
  }
}
