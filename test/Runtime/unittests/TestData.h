//===- TestData.h - shared inputs of the runtime unit tests -----*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_TEST_RUNTIME_TESTDATA_H
#define HOPGEMM_TEST_RUNTIME_TESTDATA_H

#include "hopgemm/Runtime/KernelMeta.h"
#include "hopgemm/Runtime/LaunchPlan.h"

#include <string>

namespace hopgemm::test {

/// The metadata example of the compiler/runtime contract: DeepGEMM-style
/// 1x128 / 128x128 block-scaled FP8 with static N and K.
inline const char *const kExampleMeta = R"({
  "format_version": 1,
  "name": "fp8_gemm_nt",
  "entry": "fp8_gemm_nt",
  "target": "sm_90a",
  "shape": [-1, 7168, 2048],
  "a": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block",
        "scale_block": [1, 128], "scale_dtype": "f32"},
  "b": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block",
        "scale_block": [128, 128], "scale_dtype": "f32"},
  "d": {"dtype": "bf16", "major": "n_major", "scale": "none"},
  "tile": [128, 128, 128], "stages": 5, "cluster": [1, 1],
  "schedule": "data_parallel",
  "block": [384, 1, 1],
  "smem_bytes": 205824,
  "grid": "tiles",
  "some_future_key": {"ignored": [1, 2, 3]},
  "params": [
    {"kind": "tensor_map", "tensor": "a",  "box": [128, 128], "swizzle": 128, "pass": "global"},
    {"kind": "tensor_map", "tensor": "b",  "box": [128, 128], "swizzle": 128, "pass": "global"},
    {"kind": "tensor_map", "tensor": "sa", "box": [128, 1],   "swizzle": 0,   "pass": "global"},
    {"kind": "pointer", "tensor": "sb"},
    {"kind": "pointer", "tensor": "d"},
    {"kind": "i32", "value": "m"}
  ]
})";

/// `s` with `from` replaced by `to` (exactly once).
inline std::string replaceOnce(std::string s, const std::string &from,
                               const std::string &to) {
  size_t pos = s.find(from);
  if (pos == std::string::npos || s.find(from, pos + 1) != std::string::npos)
    return "test bug: '" + from + "' is not unique in the text";
  return s.replace(pos, from.size(), to);
}

/// kExampleMeta with `from` replaced by `to` (exactly once).
inline std::string exampleWith(const std::string &from, const std::string &to) {
  return replaceOnce(kExampleMeta, from, to);
}

/// `meta` (kExampleMeta or one derived from it) with UE8M0 byte scales on a
/// (1x128) and b (128x128).
inline std::string byteScales(const std::string &meta = kExampleMeta) {
  return replaceOnce(
      replaceOnce(meta, R"("scale_block": [1, 128], "scale_dtype": "f32")",
                  R"("scale_block": [1, 128], "scale_dtype": "f8E8M0FNU")"),
      R"("scale_block": [128, 128], "scale_dtype": "f32")",
      R"("scale_block": [128, 128], "scale_dtype": "f8E8M0FNU")");
}

/// The workspace of a split-K kernel with 128x128 tiles and two f32 partials
/// per tile.
inline const char *const kWorkspaceParam =
    R"({"kind": "workspace", "counter_bytes_per_tile": 4,
        "partial_bytes_per_tile": 131072})";

/// kExampleMeta as a split-K kernel: `"split_k": splitK`, and `workspace` as
/// params[5], after d.
inline std::string
splitKExample(const std::string &splitK = "2",
              const std::string &workspace = kWorkspaceParam) {
  return replaceOnce(exampleWith(R"("grid": "tiles")",
                                 R"("grid": "tiles", "split_k": )" + splitK),
                     R"({"kind": "pointer", "tensor": "d"},)",
                     R"({"kind": "pointer", "tensor": "d"}, )" + workspace +
                         ",");
}

/// The workspace of a stream-K kernel with 128x128 tiles: counters per tile
/// and two f32 partials per CTA.
inline const char *const kStreamKWorkspaceParam =
    R"({"kind": "workspace", "counter_bytes_per_tile": 4,
        "partial_bytes_per_tile": 0, "partial_bytes_per_cta": 131072})";

/// kExampleMeta as a stream-K kernel (schedule and grid stream_k), with
/// `workspace` as params[5], after d.
inline std::string
streamKExample(const std::string &workspace = kStreamKWorkspaceParam) {
  return replaceOnce(
      replaceOnce(exampleWith(R"("grid": "tiles")", R"("grid": "stream_k")"),
                  R"("schedule": "data_parallel")",
                  R"("schedule": "stream_k")"),
      R"({"kind": "pointer", "tensor": "d"},)",
      R"({"kind": "pointer", "tensor": "d"}, )" + workspace + ",");
}

/// kExampleMeta as an M-grouped kernel (`kind` m_contiguous or m_masked,
/// m_alignment 128) with its index tensor after d and, when masked, G after m.
inline std::string groupedExample(const std::string &kind) {
  bool masked = kind == "m_masked";
  std::string params =
      std::string(R"({"kind": "pointer", "tensor": ")") +
      (masked ? "masked_m" : "m_indices") +
      R"("}, {"kind": "i32", "value": "m"})" +
      (masked ? R"(, {"kind": "i32", "value": "groups"})" : "");
  return replaceOnce(exampleWith(R"("grid": "tiles")",
                                 R"("grid": "tiles", "grouping": {"kind": ")" +
                                     kind + R"(", "m_alignment": 128})"),
                     R"({"kind": "i32", "value": "m"})", params);
}

/// A K-grouped kernel (k_contiguous) as the compiler describes one: 1x128
/// scales on a and b, f32 D of G stacked M x N blocks, dynamic K (the sum of
/// the groups' K), persistent; with `withC` an f32 C like D.
inline std::string kGroupedExample(bool withC = false) {
  std::string c = withC ? R"("c": {"dtype": "f32", "major": "n_major"},)" : "";
  std::string cParam =
      withC ? R"({"kind": "tensor_map", "tensor": "c", "box": [32, 32], )"
              R"("swizzle": 128, "pass": "global"},)"
            : "";
  return R"({
  "format_version": 1, "name": "k_grouped", "entry": "k_grouped",
  "target": "sm_90a", "shape": [-1, 4096, -1],
  "a": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block",
        "scale_block": [1, 128], "scale_dtype": "f32"},
  "b": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "block",
        "scale_block": [1, 128], "scale_dtype": "f32"},
  "d": {"dtype": "f32", "major": "n_major", "scale": "none"},)" +
         c + R"(
  "tile": [128, 128, 128], "stages": 4, "cluster": [1, 1],
  "schedule": "persistent", "block": [384, 1, 1], "smem_bytes": 200000,
  "grid": "persistent",
  "grouping": {"kind": "k_contiguous", "m_alignment": 128, "k_alignment": 128},
  "params": [
    {"kind": "tensor_map", "tensor": "a",  "box": [128, 128], "swizzle": 128, "pass": "global"},
    {"kind": "tensor_map", "tensor": "b",  "box": [128, 128], "swizzle": 128, "pass": "global"},
    {"kind": "tensor_map", "tensor": "sa", "box": [128, 1],   "swizzle": 0,   "pass": "global"},
    {"kind": "tensor_map", "tensor": "sb", "box": [128, 1],   "swizzle": 0,   "pass": "global"},
    )" + cParam +
         R"(
    {"kind": "tensor_map", "tensor": "d",  "box": [32, 32],   "swizzle": 128, "pass": "global"},
    {"kind": "pointer", "tensor": "ks"},
    {"kind": "i32", "value": "m"}, {"kind": "i32", "value": "groups"}
  ]
})";
}

/// An H100 SXM as the driver reports it.
inline DeviceLimits h100() {
  DeviceLimits d;
  d.ordinal = 0;
  d.name = "NVIDIA H100 80GB HBM3";
  d.ccMajor = 9;
  d.ccMinor = 0;
  d.smCount = 132;
  d.maxSmemPerBlockOptin = 232448;
  return d;
}

/// Dense, aligned arguments for the example kernel.
inline GemmArgs exampleArgs(std::int64_t m) {
  GemmArgs args;
  args.m = m;
  args.n = 7168;
  args.k = 2048;
  std::uint64_t base = std::uint64_t(1) << 40;
  args.a.ptr = base;
  args.b.ptr = base + (std::uint64_t(1) << 32);
  args.sa.ptr = base + (std::uint64_t(2) << 32);
  args.sb.ptr = base + (std::uint64_t(3) << 32);
  args.d.ptr = base + (std::uint64_t(4) << 32);
  return args;
}

/// exampleArgs for groupedExample(kind) with `groups` groups.
inline GemmArgs groupedArgs(const std::string &kind, std::int64_t m,
                            std::int64_t groups) {
  GemmArgs args = exampleArgs(m);
  args.groups = groups;
  TensorArg &index = kind == "m_masked" ? args.maskedM : args.mIndices;
  index.ptr = (std::uint64_t(1) << 40) + (std::uint64_t(5) << 32);
  return args;
}

/// Dense, aligned arguments for kGroupedExample: G groups whose K sum to
/// `k`; C (when `withC`) separate from D.
inline GemmArgs kGroupedArgs(std::int64_t m, std::int64_t k,
                             std::int64_t groups, bool withC = false) {
  GemmArgs args = exampleArgs(m);
  args.n = 4096;
  args.k = k;
  args.groups = groups;
  std::uint64_t base = std::uint64_t(1) << 40;
  args.ks.ptr = base + (std::uint64_t(5) << 32);
  if (withC)
    args.c.ptr = base + (std::uint64_t(6) << 32);
  return args;
}

} // namespace hopgemm::test

#endif // HOPGEMM_TEST_RUNTIME_TESTDATA_H
