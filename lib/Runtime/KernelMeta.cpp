//===- KernelMeta.cpp - metadata of a compiled GEMM kernel ---------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/KernelMeta.h"

#include <cstdint>
#include <limits>

using namespace hopgemm;
using json::Value;

namespace {
constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();

std::string join(const std::string &path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

/// Looks up `key`; a missing required key is an error, a missing optional
/// key gives nullptr.
Status lookup(const Value &obj, const std::string &path, std::string_view key,
              bool required, const Value *&out) {
  out = obj.get(key);
  if (!out && required)
    return Status::errorf(join(path, key), ": missing required key");
  return Status::success();
}

Status getString(const Value &obj, const std::string &path,
                 std::string_view key, bool required, std::string &out) {
  const Value *v;
  HOPGEMM_RETURN_IF_ERROR(lookup(obj, path, key, required, v));
  if (!v)
    return Status::success();
  if (!v->isString())
    return Status::errorf(join(path, key), ": expected a string, found ",
                          Value::kindName(v->getKind()));
  out = v->getString();
  return Status::success();
}

Status checkInt(const Value &v, const std::string &where, std::int64_t min,
                std::int64_t max, std::int64_t &out) {
  if (!v.isInteger())
    return Status::errorf(where, ": expected an integer, found ",
                          v.isNumber() ? "a non-integer number"
                                       : Value::kindName(v.getKind()));
  std::int64_t i = v.getInteger();
  if (i < min || i > max)
    return Status::errorf(where, ": ", i, " is out of range [", min, ", ", max,
                          "]");
  out = i;
  return Status::success();
}

Status getInt(const Value &obj, const std::string &path, std::string_view key,
              bool required, std::int64_t min, std::int64_t max,
              std::int64_t &out) {
  const Value *v;
  HOPGEMM_RETURN_IF_ERROR(lookup(obj, path, key, required, v));
  if (!v)
    return Status::success();
  return checkInt(*v, join(path, key), min, max, out);
}

Status getIntArray(const Value &obj, const std::string &path,
                   std::string_view key, bool required, size_t size,
                   std::int64_t min, std::int64_t max, std::int64_t *out) {
  const Value *v;
  HOPGEMM_RETURN_IF_ERROR(lookup(obj, path, key, required, v));
  if (!v)
    return Status::success();
  std::string where = join(path, key);
  if (!v->isArray() || v->getArray().size() != size)
    return Status::errorf(where, ": expected an array of ", size, " integers");
  for (size_t i = 0; i < size; ++i)
    HOPGEMM_RETURN_IF_ERROR(checkInt(
        v->getArray()[i], strCat(where, "[", i, "]"), min, max, out[i]));
  return Status::success();
}

/// "grouping": {"kind": "m_contiguous" | "m_masked" | "k_contiguous",
/// "m_alignment": TM, "k_alignment": TK (k_contiguous only)}; absent means
/// ungrouped.
Status parseGrouping(const Value &root, const KernelMeta &meta,
                     Grouping &grouping) {
  const Value *v = root.get("grouping");
  if (!v)
    return Status::success();
  if (!v->isObject())
    return Status::errorf("grouping: expected an object, found ",
                          Value::kindName(v->getKind()));
  std::string kind;
  HOPGEMM_RETURN_IF_ERROR(getString(*v, "grouping", "kind", true, kind));
  std::optional<GroupingKind> k = parseGroupingKind(kind);
  if (!k)
    return Status::errorf("grouping.kind: unknown grouping '", kind,
                          "' (expected m_contiguous, m_masked or "
                          "k_contiguous)");
  grouping.kind = *k;
  HOPGEMM_RETURN_IF_ERROR(getInt(*v, "grouping", "m_alignment", true, 1,
                                 kInt32Max, grouping.mAlignment));
  // The grid of an m_masked or k_contiguous kernel is M / tile M tiles per
  // group.
  if (grouping.mAlignment % meta.tile[0] != 0)
    return Status::errorf("grouping.m_alignment: ", grouping.mAlignment,
                          " is not a multiple of tile M ", meta.tile[0]);
  if (grouping.kGrouped())
    return getInt(*v, "grouping", "k_alignment", true, 1, kInt32Max,
                  grouping.kAlignment);
  return Status::success();
}

Status parseOperand(const Value &root, const char *name, bool isOutput,
                    OperandSpec &op) {
  std::string path = name;
  const Value *v = root.get(name);
  if (!v->isObject())
    return Status::errorf(path, ": expected an object, found ",
                          Value::kindName(v->getKind()));
  std::string dtype, major, scale = "none";
  HOPGEMM_RETURN_IF_ERROR(getString(*v, path, "dtype", true, dtype));
  HOPGEMM_RETURN_IF_ERROR(getString(*v, path, "major", true, major));
  HOPGEMM_RETURN_IF_ERROR(getString(*v, path, "scale", !isOutput, scale));
  std::optional<DType> t = parseDType(dtype);
  if (!t)
    return Status::errorf(path, ".dtype: unknown dtype '", dtype,
                          "' (expected f8E4M3FN, f8E5M2, bf16, f16 or f32)");
  op.dtype = *t;
  std::optional<Major> m = parseMajor(major);
  if (!m)
    return Status::errorf(path, ".major: unknown major '", major,
                          "' (expected k_major, m_major or n_major)");
  op.major = *m;
  std::optional<ScaleKind> s = parseScaleKind(scale);
  if (!s)
    return Status::errorf(path, ".scale: unknown scale kind '", scale,
                          "' (expected none, tensor, row or block)");
  op.scale = *s;
  if (op.scale == ScaleKind::Block)
    HOPGEMM_RETURN_IF_ERROR(getIntArray(*v, path, "scale_block", true, 2, 1,
                                        kInt32Max, op.scaleBlock));
  if (op.scale != ScaleKind::None) {
    std::string scaleDType = "f32";
    HOPGEMM_RETURN_IF_ERROR(
        getString(*v, path, "scale_dtype", false, scaleDType));
    std::optional<DType> st = parseDType(scaleDType);
    if (!st || (*st != DType::F32 && *st != DType::E8M0))
      return Status::errorf(path, ".scale_dtype: unsupported scale dtype '",
                            scaleDType, "' (expected f32 or f8E8M0FNU)");
    op.scaleDType = *st;
  }
  return Status::success();
}

/// A split-K or stream-K workspace. The counter size must be positive, and
/// so must one of the partial sizes (per tile for split-K, per CTA for
/// stream-K): a zero size would give every tile the same counter, and a
/// workspace without partials has nothing to add up.
Status parseWorkspace(const Value &v, const std::string &path, ParamSpec &p) {
  p.kind = ParamKind::Workspace;
  HOPGEMM_RETURN_IF_ERROR(getInt(v, path, "counter_bytes_per_tile", true, 1,
                                 kInt32Max, p.counterBytesPerTile));
  HOPGEMM_RETURN_IF_ERROR(getInt(v, path, "partial_bytes_per_tile", true, 0,
                                 kInt32Max, p.partialBytesPerTile));
  HOPGEMM_RETURN_IF_ERROR(getInt(v, path, "partial_bytes_per_cta", false, 0,
                                 kInt32Max, p.partialBytesPerCta));
  if (p.partialBytesPerTile == 0 && p.partialBytesPerCta == 0)
    return Status::errorf(path, ": partial_bytes_per_tile and "
                                "partial_bytes_per_cta are both 0 (expected "
                                "partial sums per tile or per CTA)");
  return Status::success();
}

Status parseParam(const Value &v, const std::string &path, const GemmSpec &spec,
                  ParamSpec &p) {
  if (!v.isObject())
    return Status::errorf(path, ": expected an object, found ",
                          Value::kindName(v.getKind()));
  std::string kind;
  HOPGEMM_RETURN_IF_ERROR(getString(v, path, "kind", true, kind));
  if (kind == "i32") {
    p.kind = ParamKind::I32;
    std::string value;
    HOPGEMM_RETURN_IF_ERROR(getString(v, path, "value", true, value));
    for (ShapeValue sv :
         {ShapeValue::M, ShapeValue::N, ShapeValue::K, ShapeValue::Groups}) {
      if (value != shapeValueName(sv))
        continue;
      if (sv == ShapeValue::Groups && !spec.grouping.grouped())
        return Status::errorf(path, ".value: 'groups' needs a grouped kernel");
      p.value = sv;
      return Status::success();
    }
    return Status::errorf(path, ".value: unknown i32 value '", value,
                          "' (expected m, n, k or groups)");
  }
  if (kind == "workspace")
    return parseWorkspace(v, path, p);
  if (kind == "tensor_map")
    p.kind = ParamKind::TensorMap;
  else if (kind == "pointer")
    p.kind = ParamKind::Pointer;
  else
    return Status::errorf(path, ".kind: unknown parameter kind '", kind,
                          "' (expected tensor_map, pointer, i32 or "
                          "workspace)");

  std::string tensor;
  HOPGEMM_RETURN_IF_ERROR(getString(v, path, "tensor", true, tensor));
  std::optional<TensorId> id = parseTensorId(tensor);
  if (!id)
    return Status::errorf(path, ".tensor: unknown tensor '", tensor,
                          "' (expected a, b, c, d, sa, sb, m_indices, "
                          "masked_m or ks)");
  if (!spec.hasTensor(*id))
    return Status::errorf(path, ".tensor: the kernel has no tensor '", tensor,
                          "' (", spec.whyNoTensor(*id), ")");
  p.tensor = *id;
  if (p.kind == ParamKind::Pointer)
    return Status::success();
  if (*id == TensorId::MIndices || *id == TensorId::MaskedM ||
      *id == TensorId::KSizes)
    return Status::errorf(path, ".kind: ", tensor,
                          " must be passed as a pointer");

  std::int64_t box[2];
  HOPGEMM_RETURN_IF_ERROR(getIntArray(v, path, "box", true, 2, 1, 256, box));
  p.box[0] = static_cast<std::uint32_t>(box[0]);
  p.box[1] = static_cast<std::uint32_t>(box[1]);
  std::int64_t swizzle = 0;
  HOPGEMM_RETURN_IF_ERROR(
      getInt(v, path, "swizzle", true, 0, kInt32Max, swizzle));
  if (swizzle != 0 && swizzle != 32 && swizzle != 64 && swizzle != 128)
    return Status::errorf(path, ".swizzle: ", swizzle,
                          " is not one of 0, 32, 64, 128");
  p.swizzle = static_cast<std::uint32_t>(swizzle);
  std::string pass;
  HOPGEMM_RETURN_IF_ERROR(getString(v, path, "pass", true, pass));
  if (pass == "global")
    p.pass = TensorMapPass::Global;
  else if (pass == "grid_constant")
    p.pass = TensorMapPass::GridConstant;
  else
    return Status::errorf(path, ".pass: unknown pass mode '", pass,
                          "' (expected global or grid_constant)");

  // The box must suit the element type whatever the launch sizes; reporting
  // it here points at the compiler rather than at a launch.
  std::int64_t dtypeSize =
      dtypeBytes(defaultView(spec, p.tensor, GemmShape{1, 1, 1}).dtype);
  std::int64_t innerBytes = box[0] * dtypeSize;
  if (innerBytes % 16 != 0)
    return Status::errorf(path, ".box: inner box dimension ", box[0], " is ",
                          innerBytes, " bytes, not a multiple of 16");
  if (swizzle != 0 && innerBytes > swizzle)
    return Status::errorf(path, ".box: inner box dimension ", box[0], " is ",
                          innerBytes, " bytes, more than the ", swizzle,
                          "-byte swizzle span");
  return Status::success();
}
} // namespace

const char *hopgemm::shapeValueName(ShapeValue value) {
  switch (value) {
  case ShapeValue::M:
    return "m";
  case ShapeValue::N:
    return "n";
  case ShapeValue::K:
    return "k";
  case ShapeValue::Groups:
    return "groups";
  }
  return "?";
}

const ParamSpec *KernelMeta::workspaceParam() const {
  for (const ParamSpec &p : params)
    if (p.kind == ParamKind::Workspace)
      return &p;
  return nullptr;
}

Expected<KernelMeta> KernelMeta::parse(std::string_view jsonText) {
  Expected<Value> root = json::parse(jsonText);
  if (!root)
    return root.error();
  return fromJson(*root);
}

Expected<KernelMeta> KernelMeta::fromJson(const Value &root) {
  if (!root.isObject())
    return Status::errorf("expected a JSON object at the top level, found ",
                          Value::kindName(root.getKind()));
  KernelMeta meta;
  std::int64_t version = 0;
  HOPGEMM_RETURN_IF_ERROR(getInt(root, "", "format_version", true,
                                 std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max(),
                                 version));
  if (version != kFormatVersion)
    return Status::errorf("format_version: unsupported version ", version,
                          " (this runtime reads version ", kFormatVersion, ")");
  HOPGEMM_RETURN_IF_ERROR(getString(root, "", "name", true, meta.name));
  HOPGEMM_RETURN_IF_ERROR(getString(root, "", "entry", true, meta.entry));
  if (meta.entry.empty())
    return Status::error("entry: the kernel entry name is empty");
  HOPGEMM_RETURN_IF_ERROR(getString(root, "", "target", true, meta.target));
  if (meta.target != "sm_90a" && meta.target != "sm_90")
    return Status::errorf("target: unsupported target '", meta.target,
                          "' (expected sm_90a or sm_90)");

  HOPGEMM_RETURN_IF_ERROR(
      getIntArray(root, "", "shape", true, 3, -1, kInt32Max, meta.shape));
  static const char *const dimNames[] = {"m", "n", "k"};
  for (int i = 0; i < 3; ++i)
    if (meta.shape[i] == 0)
      return Status::errorf("shape[", i, "]: static ", dimNames[i],
                            " is 0 (expected a positive size or -1)");

  for (const char *name : {"a", "b", "d"}) {
    if (!root.get(name))
      return Status::errorf(name, ": missing required key");
  }
  HOPGEMM_RETURN_IF_ERROR(parseOperand(root, "a", false, meta.operands.a));
  HOPGEMM_RETURN_IF_ERROR(parseOperand(root, "b", false, meta.operands.b));
  HOPGEMM_RETURN_IF_ERROR(parseOperand(root, "d", true, meta.operands.d));
  if (root.get("c")) {
    meta.operands.c.emplace();
    HOPGEMM_RETURN_IF_ERROR(parseOperand(root, "c", true, *meta.operands.c));
  }
  HOPGEMM_RETURN_IF_ERROR(
      getIntArray(root, "", "tile", true, 3, 1, kInt32Max, meta.tile));
  HOPGEMM_RETURN_IF_ERROR(parseGrouping(root, meta, meta.operands.grouping));
  HOPGEMM_RETURN_IF_ERROR(meta.operands.verify());

  HOPGEMM_RETURN_IF_ERROR(
      getInt(root, "", "stages", false, 1, kInt32Max, meta.stages));
  HOPGEMM_RETURN_IF_ERROR(
      getIntArray(root, "", "cluster", false, 2, 1, 16, meta.cluster));
  // Hopper allows 8 CTAs per cluster portably and 16 with an opt-in.
  if (meta.clusterSize() > 16)
    return Status::errorf("cluster: [", meta.cluster[0], ", ", meta.cluster[1],
                          "] has ", meta.clusterSize(), " CTAs (at most 16)");
  HOPGEMM_RETURN_IF_ERROR(
      getString(root, "", "schedule", false, meta.schedule));

  std::int64_t block[3];
  HOPGEMM_RETURN_IF_ERROR(
      getIntArray(root, "", "block", true, 3, 1, 1024, block));
  if (block[0] * block[1] * block[2] > 1024 || block[2] > 64)
    return Status::errorf("block: [", block[0], ", ", block[1], ", ", block[2],
                          "] is not a valid CTA shape (at most 1024 threads, "
                          "z at most 64)");
  for (int i = 0; i < 3; ++i)
    meta.block[i] = static_cast<std::uint32_t>(block[i]);
  HOPGEMM_RETURN_IF_ERROR(
      getInt(root, "", "smem_bytes", true, 0, kInt32Max, meta.smemBytes));

  std::string grid;
  HOPGEMM_RETURN_IF_ERROR(getString(root, "", "grid", true, grid));
  if (grid == "tiles")
    meta.grid = GridKind::Tiles;
  else if (grid == "persistent")
    meta.grid = GridKind::Persistent;
  else if (grid == "stream_k")
    meta.grid = GridKind::StreamK;
  else
    return Status::errorf("grid: unknown grid kind '", grid,
                          "' (expected tiles, persistent or stream_k)");
  HOPGEMM_RETURN_IF_ERROR(
      getInt(root, "", "split_k", false, 1, kInt32Max, meta.splitK));

  const Value *params = root.get("params");
  if (!params)
    return Status::error("params: missing required key");
  if (!params->isArray() || params->getArray().empty())
    return Status::error("params: expected a non-empty array");
  bool passed[kNumTensors] = {};
  bool passesGroups = false;
  for (size_t i = 0; i < params->getArray().size(); ++i) {
    ParamSpec p;
    std::string path = strCat("params[", i, "]");
    HOPGEMM_RETURN_IF_ERROR(
        parseParam(params->getArray()[i], path, meta.operands, p));
    // The runtime owns one workspace per kernel.
    if (p.kind == ParamKind::Workspace && meta.workspaceParam())
      return Status::errorf(path, ": a second workspace parameter (a kernel "
                                  "has at most one)");
    if (p.passesTensor())
      passed[static_cast<int>(p.tensor)] = true;
    passesGroups |= p.kind == ParamKind::I32 && p.value == ShapeValue::Groups;
    meta.params.push_back(p);
  }
  // A tensor the kernel declares but never receives means the metadata and
  // the kernel disagree.
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    if (meta.operands.hasTensor(id) && !passed[i])
      return Status::errorf("params: tensor ", tensorName(id),
                            " is not passed by any parameter");
  }
  const GroupingKind grouping = meta.operands.grouping.kind;
  if ((grouping == GroupingKind::MMasked ||
       grouping == GroupingKind::KContiguous) &&
      !passesGroups)
    return Status::errorf(
        "params: ", grouping == GroupingKind::MMasked ? "an" : "a", " ",
        groupingKindName(grouping), " kernel needs the i32 parameter 'groups'");
  return meta;
}
