//===- KernelMetaTest.cpp - tests of kernel metadata parsing -------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/KernelMeta.h"
#include "TestData.h"
#include "TestHarness.h"

using namespace hopgemm;
using namespace hopgemm::test;

TEST(meta_parses_the_example) {
  Expected<KernelMeta> meta = KernelMeta::parse(kExampleMeta);
  CHECK_OK(meta);
  if (!meta)
    return;
  CHECK_EQ(meta->name, std::string("fp8_gemm_nt"));
  CHECK_EQ(meta->entry, std::string("fp8_gemm_nt"));
  CHECK_EQ(meta->target, std::string("sm_90a"));
  CHECK_EQ(meta->shape[0], std::int64_t(-1));
  CHECK_EQ(meta->shape[1], std::int64_t(7168));
  CHECK_EQ(meta->shape[2], std::int64_t(2048));
  CHECK(meta->operands.a.dtype == DType::F8E4M3FN);
  CHECK(meta->operands.a.scale == ScaleKind::Block);
  CHECK_EQ(meta->operands.a.scaleBlock[0], std::int64_t(1));
  CHECK_EQ(meta->operands.a.scaleBlock[1], std::int64_t(128));
  CHECK_EQ(meta->operands.b.scaleBlock[0], std::int64_t(128));
  CHECK(meta->operands.d.dtype == DType::BF16);
  CHECK(meta->operands.d.major == Major::N);
  CHECK(!meta->operands.c);
  CHECK_EQ(meta->tile[0], std::int64_t(128));
  CHECK_EQ(meta->stages, std::int64_t(5));
  CHECK_EQ(meta->clusterSize(), std::int64_t(1));
  CHECK_EQ(meta->block[0], 384u);
  CHECK_EQ(meta->smemBytes, std::int64_t(205824));
  CHECK(meta->grid == GridKind::Tiles);
  CHECK_EQ(meta->params.size(), size_t(6));
  const ParamSpec &sa = meta->params[2];
  CHECK(sa.kind == ParamKind::TensorMap);
  CHECK(sa.tensor == TensorId::SA);
  CHECK_EQ(sa.box[0], 128u);
  CHECK_EQ(sa.box[1], 1u);
  CHECK_EQ(sa.swizzle, 0u);
  CHECK(sa.pass == TensorMapPass::Global);
  CHECK(meta->params[3].kind == ParamKind::Pointer);
  CHECK(meta->params[5].kind == ParamKind::I32);
  CHECK(meta->params[5].value == ShapeValue::M);
}

TEST(meta_optional_operand_c_and_grid_constant) {
  std::string text = exampleWith(
      R"("d": {"dtype": "bf16", "major": "n_major", "scale": "none"},)",
      R"("d": {"dtype": "bf16", "major": "n_major", "scale": "none"},
         "c": {"dtype": "f32", "major": "n_major"},)");
  size_t pos = text.find(R"({"kind": "pointer", "tensor": "d"})");
  text.insert(pos, R"({"kind": "tensor_map", "tensor": "c", "box": [32, 64],
                       "swizzle": 128, "pass": "grid_constant"}, )");
  Expected<KernelMeta> meta = KernelMeta::parse(text);
  CHECK_OK(meta);
  if (!meta)
    return;
  CHECK(meta->operands.c.has_value());
  CHECK(meta->operands.c->dtype == DType::F32);
  CHECK(meta->params[4].pass == TensorMapPass::GridConstant);
}

TEST(meta_rejects_bad_documents) {
  CHECK_ERROR(KernelMeta::parse("[1]"), "expected a JSON object at the top");
  CHECK_ERROR(KernelMeta::parse("{"), "line 1, column 2");
  CHECK_ERROR(KernelMeta::parse("{}"), "format_version: missing required key");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("format_version": 1)",
                                            R"("format_version": 2)")),
              "format_version: unsupported version 2 (this runtime reads "
              "version 1)");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("format_version": 1)",
                                            R"("format_version": "1")")),
              "format_version: expected an integer, found a string");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("entry": "fp8_gemm_nt")", R"("x": 0)")),
      "entry: missing required key");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("target": "sm_90a")",
                                            R"("target": "sm_100a")")),
              "target: unsupported target 'sm_100a'");
}

TEST(meta_rejects_bad_shapes_and_operands) {
  CHECK_ERROR(KernelMeta::parse(exampleWith("[-1, 7168, 2048]", "[-1, 7168]")),
              "shape: expected an array of 3 integers");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith("[-1, 7168, 2048]", "[-1, 0, 2048]")),
      "shape[1]: static n is 0");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith("[-1, 7168, 2048]", "[-1, -2, 2048]")),
      "shape[1]: -2 is out of range");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith("[-1, 7168, 2048]", "[-1, 7168, 2048.5]")),
      "shape[2]: expected an integer, found a non-integer number");
  CHECK_ERROR(KernelMeta::parse(
                  exampleWith("[-1, 7168, 2048]", "[-1, 7168, 4294967296]")),
              "shape[2]: 4294967296 is out of range");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("dtype": "bf16")", R"("dtype": "bf8")")),
      "d.dtype: unknown dtype 'bf8'");
  CHECK_ERROR(KernelMeta::parse(
                  exampleWith(R"("dtype": "bf16")", R"("dtype": "f8E4M3FN")")),
              "operand d has dtype f8E4M3FN (expected f32, bf16 or f16)");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("major": "n_major")",
                                            R"("major": "k_major")")),
              "operand d has major 'k_major' (expected n_major or m_major)");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("major": "n_major")",
                                            R"("major": "x_major")")),
              "d.major: unknown major 'x_major'");
  CHECK_ERROR(KernelMeta::parse(
                  exampleWith(R"("scale": "none")", R"("scale": "tensor")")),
              "operand d has scale 'tensor'");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("scale_block": [1, 128])",
                                            R"("scale_block": [0, 128])")),
              "a.scale_block[0]: 0 is out of range");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("scale_block": [1, 128], )", "")),
      "a.scale_block: missing required key");
  CHECK_ERROR(KernelMeta::parse(exampleWith(
                  R"("scale_block": [128, 128], "scale_dtype": "f32")",
                  R"("scale_block": [128, 128], "scale_dtype": "ue8m0")")),
              "b.scale_dtype: unsupported scale dtype 'ue8m0'");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("scale": "block",
        "scale_block": [1, 128])",
                                            R"("scale": "blocks",
        "scale_block": [1, 128])")),
              "a.scale: unknown scale kind 'blocks'");
}

TEST(meta_byte_scales) {
  Expected<KernelMeta> meta = KernelMeta::parse(byteScales());
  CHECK_OK(meta);
  if (!meta)
    return;
  CHECK(meta->operands.a.scaleDType == DType::E8M0);
  CHECK(meta->operands.b.scaleDType == DType::E8M0);
  CHECK_EQ(std::string(dtypeName(DType::E8M0)), std::string("f8E8M0FNU"));
  CHECK_EQ(dtypeBytes(DType::E8M0), 1);
  // Without the key, scales are f32.
  meta = KernelMeta::parse(
      exampleWith(R"("scale_block": [1, 128], "scale_dtype": "f32")",
                  R"("scale_block": [1, 128])"));
  CHECK_OK(meta);
  if (meta)
    CHECK(meta->operands.a.scaleDType == DType::F32);
  CHECK_ERROR(KernelMeta::parse(exampleWith(
                  R"("scale_block": [1, 128], "scale_dtype": "f32")",
                  R"("scale_block": [1, 128], "scale_dtype": "bf16")")),
              "a.scale_dtype: unsupported scale dtype 'bf16' (expected f32 or "
              "f8E8M0FNU)");
  // Byte scales are block scales, and no operand is made of them.
  CHECK_ERROR(KernelMeta::parse(exampleWith(
                  R"("scale": "block",
        "scale_block": [1, 128], "scale_dtype": "f32")",
                  R"("scale": "row", "scale_dtype": "f8E8M0FNU")")),
              "operand a has row scales of dtype f8E8M0FNU (f8E8M0FNU scales "
              "are supported for block scales only)");
  CHECK_ERROR(KernelMeta::parse(exampleWith(
                  R"("scale": "block",
        "scale_block": [128, 128], "scale_dtype": "f32")",
                  R"("scale": "tensor", "scale_dtype": "f8E8M0FNU")")),
              "f8E8M0FNU scales are supported for block scales only");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("a": {"dtype": "f8E4M3FN")",
                                            R"("a": {"dtype": "f8E8M0FNU")")),
              "operand a has dtype f8E8M0FNU (only scales are f8E8M0FNU)");
  // A byte-scale box must still span whole 16 bytes.
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  byteScales(), R"("tensor": "sa", "box": [128, 1])",
                  R"("tensor": "sa", "box": [8, 1])")),
              "params[2].box: inner box dimension 8 is 8 bytes, not a "
              "multiple of 16");
}

TEST(meta_rejects_bad_launch_config) {
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("tile": [128, 128, 128])",
                                            R"("tile": [128, 0, 128])")),
              "tile[1]: 0 is out of range");
  CHECK_ERROR(KernelMeta::parse(
                  exampleWith(R"("cluster": [1, 1])", R"("cluster": [4, 8])")),
              "cluster: [4, 8] has 32 CTAs (at most 16)");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("block": [384, 1, 1])",
                                            R"("block": [1024, 2, 1])")),
              "block: [1024, 2, 1] is not a valid CTA shape");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("block": [384, 1, 1])",
                                            R"("block": [2048, 1, 1])")),
              "block[0]: 2048 is out of range");
  CHECK_ERROR(KernelMeta::parse(exampleWith(R"("smem_bytes": 205824)",
                                            R"("smem_bytes": -1)")),
              "smem_bytes: -1 is out of range");
  CHECK_ERROR(KernelMeta::parse(
                  exampleWith(R"("grid": "tiles")", R"("grid": "streamk")")),
              "grid: unknown grid kind 'streamk' (expected tiles, persistent "
              "or stream_k)");
}

TEST(meta_rejects_bad_params) {
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "i64", "value": "m"})")),
      "params[5].kind: unknown parameter kind 'i64'");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "i32", "value": "lda"})")),
      "params[5].value: unknown i32 value 'lda'");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "pointer", "tensor": "c"})")),
      "params[5].tensor: the kernel has no tensor 'c' (no operand c)");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "pointer", "tensor": "x"})")),
      "params[5].tensor: unknown tensor 'x'");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "pointer", "tensor": "sb"})",
                                    R"({"kind": "i32", "value": "n"})")),
      "params: tensor sb is not passed by any parameter");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("swizzle": 0, )", R"("swizzle": 48, )")),
      "params[2].swizzle: 48 is not one of 0, 32, 64, 128");
  CHECK_ERROR(KernelMeta::parse(
                  exampleWith(R"("box": [128, 1])", R"("box": [128, 257])")),
              "params[2].box[1]: 257 is out of range [1, 256]");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("box": [128, 1])", R"("box": [2, 1])")),
      "params[2].box: inner box dimension 2 is 8 bytes, not a "
      "multiple of 16");
  CHECK_ERROR(KernelMeta::parse(exampleWith(
                  R"("tensor": "b",  "box": [128, 128], "swizzle": 128)",
                  R"("tensor": "b",  "box": [128, 128], "swizzle": 64)")),
              "params[1].box: inner box dimension 128 is 128 bytes, more than "
              "the 64-byte swizzle span");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("swizzle": 0,   "pass": "global")",
                                    R"("swizzle": 0,   "pass": "param")")),
      "params[2].pass: unknown pass mode 'param'");
  CHECK_ERROR(KernelMeta::parse(exampleWith(
                  R"("swizzle": 0,   "pass": "global")", R"("swizzle": 0)")),
              "params[2].pass: missing required key");
}

TEST(meta_split_k_and_workspace) {
  Expected<KernelMeta> plain = KernelMeta::parse(kExampleMeta);
  CHECK_OK(plain);
  if (plain) {
    CHECK_EQ(plain->splitK, std::int64_t(1));
    CHECK(!plain->workspaceParam());
  }
  Expected<KernelMeta> meta = KernelMeta::parse(splitKExample());
  CHECK_OK(meta);
  if (!meta)
    return;
  CHECK_EQ(meta->splitK, std::int64_t(2));
  CHECK_EQ(meta->params.size(), size_t(7));
  const ParamSpec &w = meta->params[5];
  CHECK(w.kind == ParamKind::Workspace);
  CHECK(!w.passesTensor());
  CHECK_EQ(w.counterBytesPerTile, std::int64_t(4));
  CHECK_EQ(w.partialBytesPerTile, std::int64_t(131072));
  CHECK(meta->workspaceParam() == &meta->params[5]);
  CHECK(meta->params[6].kind == ParamKind::I32);
  // Unknown keys are ignored here as everywhere in the metadata.
  CHECK_OK(KernelMeta::parse(
      splitKExample("2", R"({"kind": "workspace", "counter_bytes_per_tile": 4,
               "partial_bytes_per_tile": 64, "reduction": "ordered"})")));
}

TEST(meta_rejects_bad_split_k_and_workspace) {
  CHECK_ERROR(KernelMeta::parse(splitKExample("0")),
              "split_k: 0 is out of range [1, 2147483647]");
  CHECK_ERROR(KernelMeta::parse(splitKExample("-2")),
              "split_k: -2 is out of range");
  CHECK_ERROR(KernelMeta::parse(splitKExample("1.5")),
              "split_k: expected an integer, found a non-integer number");
  CHECK_ERROR(KernelMeta::parse(splitKExample(R"("2")")),
              "split_k: expected an integer, found a string");
  CHECK_ERROR(
      KernelMeta::parse(splitKExample(
          "2", R"({"kind": "workspace", "partial_bytes_per_tile": 64})")),
      "params[5].counter_bytes_per_tile: missing required key");
  CHECK_ERROR(
      KernelMeta::parse(splitKExample(
          "2", R"({"kind": "workspace", "counter_bytes_per_tile": 4})")),
      "params[5].partial_bytes_per_tile: missing required key");
  CHECK_ERROR(KernelMeta::parse(splitKExample(
                  "2", R"({"kind": "workspace", "counter_bytes_per_tile": 0,
                           "partial_bytes_per_tile": 64})")),
              "params[5].counter_bytes_per_tile: 0 is out of range [1, "
              "2147483647]");
  CHECK_ERROR(KernelMeta::parse(splitKExample(
                  "2", R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                           "partial_bytes_per_tile": 0})")),
              "params[5]: partial_bytes_per_tile and partial_bytes_per_cta "
              "are both 0 (expected partial sums per tile or per CTA)");
  CHECK_ERROR(KernelMeta::parse(splitKExample(
                  "2", R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                           "partial_bytes_per_tile": -1})")),
              "params[5].partial_bytes_per_tile: -1 is out of range [0, "
              "2147483647]");
  CHECK_ERROR(KernelMeta::parse(splitKExample(
                  "2", R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                           "partial_bytes_per_tile": "64"})")),
              "params[5].partial_bytes_per_tile: expected an integer, found a "
              "string");
  CHECK_ERROR(KernelMeta::parse(splitKExample(
                  "2", std::string(kWorkspaceParam) + ", " + kWorkspaceParam)),
              "params[6]: a second workspace parameter (a kernel has at most "
              "one)");
  CHECK_ERROR(KernelMeta::parse(splitKExample(
                  "2", R"({"kind": "workspaces", "counter_bytes_per_tile": 4,
                           "partial_bytes_per_tile": 64})")),
              "params[5].kind: unknown parameter kind 'workspaces' (expected "
              "tensor_map, pointer, i32 or workspace)");
}

TEST(meta_stream_k) {
  Expected<KernelMeta> meta = KernelMeta::parse(streamKExample());
  CHECK_OK(meta);
  if (!meta)
    return;
  CHECK(meta->grid == GridKind::StreamK);
  CHECK_EQ(meta->schedule, std::string("stream_k"));
  CHECK_EQ(meta->splitK, std::int64_t(1));
  const ParamSpec *w = meta->workspaceParam();
  CHECK(w == &meta->params[5]);
  if (!w)
    return;
  CHECK_EQ(w->counterBytesPerTile, std::int64_t(4));
  CHECK_EQ(w->partialBytesPerTile, std::int64_t(0));
  CHECK_EQ(w->partialBytesPerCta, std::int64_t(131072));
  // A split-K workspace has no partials per CTA.
  Expected<KernelMeta> splitK = KernelMeta::parse(splitKExample());
  CHECK_OK(splitK);
  if (splitK && splitK->workspaceParam())
    CHECK_EQ(splitK->workspaceParam()->partialBytesPerCta, std::int64_t(0));
  // Partials per tile and per CTA together.
  meta = KernelMeta::parse(
      streamKExample(R"({"kind": "workspace", "counter_bytes_per_tile": 4,
               "partial_bytes_per_tile": 64, "partial_bytes_per_cta": 128})"));
  CHECK_OK(meta);
  if (meta && meta->workspaceParam()) {
    CHECK_EQ(meta->workspaceParam()->partialBytesPerTile, std::int64_t(64));
    CHECK_EQ(meta->workspaceParam()->partialBytesPerCta, std::int64_t(128));
  }
}

TEST(meta_rejects_bad_stream_k_workspace) {
  CHECK_ERROR(KernelMeta::parse(streamKExample(
                  R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                      "partial_bytes_per_tile": 0,
                      "partial_bytes_per_cta": 0})")),
              "params[5]: partial_bytes_per_tile and partial_bytes_per_cta "
              "are both 0 (expected partial sums per tile or per CTA)");
  CHECK_ERROR(KernelMeta::parse(streamKExample(
                  R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                      "partial_bytes_per_tile": 0,
                      "partial_bytes_per_cta": -4})")),
              "params[5].partial_bytes_per_cta: -4 is out of range [0, "
              "2147483647]");
  CHECK_ERROR(KernelMeta::parse(streamKExample(
                  R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                      "partial_bytes_per_tile": 0,
                      "partial_bytes_per_cta": 2147483648})")),
              "params[5].partial_bytes_per_cta: 2147483648 is out of range");
  CHECK_ERROR(KernelMeta::parse(streamKExample(
                  R"({"kind": "workspace", "counter_bytes_per_tile": 4,
                      "partial_bytes_per_tile": 0,
                      "partial_bytes_per_cta": "1024"})")),
              "params[5].partial_bytes_per_cta: expected an integer, found a "
              "string");
  CHECK_ERROR(KernelMeta::parse(streamKExample(
                  R"({"kind": "workspace", "counter_bytes_per_tile": 0,
                      "partial_bytes_per_tile": 0,
                      "partial_bytes_per_cta": 1024})")),
              "params[5].counter_bytes_per_tile: 0 is out of range [1, "
              "2147483647]");
  CHECK_ERROR(KernelMeta::parse(streamKExample(
                  R"({"kind": "workspace", "partial_bytes_per_tile": 0,
                      "partial_bytes_per_cta": 1024})")),
              "params[5].counter_bytes_per_tile: missing required key");
}

TEST(meta_grouping) {
  Expected<KernelMeta> meta = KernelMeta::parse(groupedExample("m_masked"));
  CHECK_OK(meta);
  if (!meta)
    return;
  const Grouping &g = meta->operands.grouping;
  CHECK(g.kind == GroupingKind::MMasked);
  CHECK_EQ(g.mAlignment, std::int64_t(128));
  CHECK(meta->operands.hasTensor(TensorId::MaskedM));
  CHECK(!meta->operands.hasTensor(TensorId::MIndices));
  CHECK(meta->params[7].value == ShapeValue::Groups);
  meta = KernelMeta::parse(groupedExample("m_contiguous"));
  CHECK_OK(meta);
  if (meta)
    CHECK(meta->params[5].tensor == TensorId::MIndices);
  // Absent means ungrouped.
  meta = KernelMeta::parse(kExampleMeta);
  CHECK(meta && !meta->operands.grouping.grouped());
}

TEST(meta_rejects_bad_grouping) {
  const std::string masked = groupedExample("m_masked");
  CHECK_ERROR(KernelMeta::parse(groupedExample("n_grouped")),
              "grouping.kind: unknown grouping 'n_grouped' (expected "
              "m_contiguous, m_masked or k_contiguous)");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(masked, R"("m_alignment": 128)",
                                            R"("m_alignment": 64)")),
              "grouping.m_alignment: 64 is not a multiple of tile M 128");
  CHECK_ERROR(
      KernelMeta::parse(replaceOnce(masked, R"(, "m_alignment": 128)", "")),
      "grouping.m_alignment: missing required key");
  CHECK_ERROR(
      KernelMeta::parse(replaceOnce(masked, R"("scale_block": [1, 128])",
                                    R"("scale_block": [128, 128])")),
      "m_masked grouping needs k_major a and b with [1, bk] and [br, bk] "
      "block scales, an n_major d and no c");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  masked, R"(, {"kind": "i32", "value": "groups"})", "")),
              "params: an m_masked kernel needs the i32 parameter 'groups'");
  CHECK_ERROR(
      KernelMeta::parse(replaceOnce(
          masked, R"({"kind": "pointer", "tensor": "masked_m"}, )", "")),
      "params: tensor masked_m is not passed by any parameter");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  masked, R"({"kind": "pointer", "tensor": "masked_m"})",
                  R"({"kind": "tensor_map", "tensor": "masked_m", )"
                  R"("box": [4, 1], "swizzle": 0, "pass": "global"})")),
              "params[5].kind: masked_m must be passed as a pointer");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  masked, R"({"kind": "pointer", "tensor": "masked_m"})",
                  R"({"kind": "pointer", "tensor": "m_indices"})")),
              "params[5].tensor: the kernel has no tensor 'm_indices' (the "
              "kernel is m_masked)");
  // Ungrouped kernels take neither index tensors nor G.
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "i32", "value": "groups"})")),
      "params[5].value: 'groups' needs a grouped kernel");
  CHECK_ERROR(
      KernelMeta::parse(
          exampleWith(R"({"kind": "i32", "value": "m"})",
                      R"({"kind": "pointer", "tensor": "m_indices"})")),
      "params[5].tensor: the kernel has no tensor 'm_indices' (the kernel is "
      "not grouped)");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"("dtype": "bf16")", R"("dtype": "i32")")),
      "operand d has dtype i32");
}

TEST(meta_k_grouping) {
  for (bool withC : {false, true}) {
    Expected<KernelMeta> meta = KernelMeta::parse(kGroupedExample(withC));
    CHECK_OK(meta);
    if (!meta)
      continue;
    const Grouping &g = meta->operands.grouping;
    CHECK(g.kind == GroupingKind::KContiguous);
    CHECK(g.kGrouped());
    CHECK_EQ(g.mAlignment, std::int64_t(128));
    CHECK_EQ(g.kAlignment, std::int64_t(128));
    CHECK(g.indexTensor() == TensorId::KSizes);
    CHECK_EQ(meta->shape[2], std::int64_t(-1));
    CHECK(meta->operands.hasTensor(TensorId::KSizes));
    CHECK(!meta->operands.hasTensor(TensorId::MIndices));
    CHECK(!meta->operands.hasTensor(TensorId::MaskedM));
    CHECK_EQ(meta->operands.hasTensor(TensorId::C), withC);
    const size_t ks = withC ? 6 : 5;
    CHECK(meta->params[ks].kind == ParamKind::Pointer);
    CHECK(meta->params[ks].tensor == TensorId::KSizes);
    CHECK(meta->params[ks + 2].value == ShapeValue::Groups);
  }
  CHECK_EQ(std::string(tensorName(TensorId::KSizes)), std::string("ks"));
  CHECK(parseTensorId("ks") == TensorId::KSizes);
  CHECK(parseGroupingKind("k_contiguous") == GroupingKind::KContiguous);
  // M-grouped kernels have no k_alignment.
  Expected<KernelMeta> masked = KernelMeta::parse(groupedExample("m_masked"));
  CHECK(masked && masked->operands.grouping.kAlignment == 0);
}

TEST(meta_rejects_bad_k_grouping) {
  const std::string k = kGroupedExample();
  const std::string withC = kGroupedExample(true);
  CHECK_ERROR(KernelMeta::parse(replaceOnce(k, R"(, "k_alignment": 128)", "")),
              "grouping.k_alignment: missing required key");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(k, R"("k_alignment": 128)",
                                            R"("k_alignment": 0)")),
              "grouping.k_alignment: 0 is out of range");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(k, R"("k_alignment": 128)",
                                            R"("k_alignment": 64)")),
              "k_contiguous grouping has k_alignment 64, not a multiple of "
              "the scale block's K 128");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(k, R"("m_alignment": 128)",
                                            R"("m_alignment": 96)")),
              "grouping.m_alignment: 96 is not a multiple of tile M 128");
  const std::string layout =
      "k_contiguous grouping needs k_major a and b with [1, bk] block "
      "scales, an f32 n_major d and, if any, an f32 n_major c";
  // B's scales are 1x128 blocks like A's, not 128x128.
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  k, R"("scale_block": [1, 128], "scale_dtype": "f32"},
  "d")",
                  R"("scale_block": [128, 128], "scale_dtype": "f32"},
  "d")")),
              layout);
  CHECK_ERROR(KernelMeta::parse(replaceOnce(k, R"("d": {"dtype": "f32")",
                                            R"("d": {"dtype": "bf16")")),
              layout);
  CHECK_ERROR(KernelMeta::parse(replaceOnce(withC, R"("c": {"dtype": "f32")",
                                            R"("c": {"dtype": "bf16")")),
              layout);
  CHECK_ERROR(KernelMeta::parse(
                  replaceOnce(k, R"("d": {"dtype": "f32", "major": "n_major")",
                              R"("d": {"dtype": "f32", "major": "m_major")")),
              layout);
  // The index tensor and G: passed, as a pointer, and no other one.
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  k, R"({"kind": "pointer", "tensor": "ks"},)", "")),
              "params: tensor ks is not passed by any parameter");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  k, R"(, {"kind": "i32", "value": "groups"})", "")),
              "params: a k_contiguous kernel needs the i32 parameter 'groups'");
  CHECK_ERROR(KernelMeta::parse(replaceOnce(
                  k, R"({"kind": "pointer", "tensor": "ks"})",
                  R"({"kind": "tensor_map", "tensor": "ks", "box": [4, 1], )"
                  R"("swizzle": 0, "pass": "global"})")),
              "params[5].kind: ks must be passed as a pointer");
  CHECK_ERROR(KernelMeta::parse(
                  replaceOnce(k, R"({"kind": "pointer", "tensor": "ks"})",
                              R"({"kind": "pointer", "tensor": "m_indices"})")),
              "params[5].tensor: the kernel has no tensor 'm_indices' (the "
              "kernel is k_contiguous)");
  CHECK_ERROR(KernelMeta::parse(
                  replaceOnce(groupedExample("m_masked"),
                              R"({"kind": "pointer", "tensor": "masked_m"})",
                              R"({"kind": "pointer", "tensor": "ks"})")),
              "params[5].tensor: the kernel has no tensor 'ks' (the kernel is "
              "m_masked)");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "pointer", "tensor": "ks"})")),
      "params[5].tensor: the kernel has no tensor 'ks' (the kernel is not "
      "grouped)");
  CHECK_ERROR(
      KernelMeta::parse(exampleWith(R"({"kind": "i32", "value": "m"})",
                                    R"({"kind": "pointer", "tensor": "kz"})")),
      "params[5].tensor: unknown tensor 'kz' (expected a, b, c, d, sa, sb, "
      "m_indices, masked_m or ks)");
}
