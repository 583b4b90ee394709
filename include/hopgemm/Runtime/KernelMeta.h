//===- KernelMeta.h - metadata of a compiled GEMM kernel --------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// `gemm-opt --gemm-to-ptx -o k.ptx` writes k.json next to the PTX. It is the
// contract between compiler and runtime: which operands the kernel computes
// on, how to size the launch, and what each kernel parameter is. Unknown keys
// are ignored so the compiler can add information; unknown values of known
// keys are errors, because guessing would launch a kernel with wrong
// arguments.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_KERNELMETA_H
#define HOPGEMM_RUNTIME_KERNELMETA_H

#include "hopgemm/Runtime/GemmTypes.h"
#include "hopgemm/Runtime/Json.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hopgemm {

enum class ParamKind : std::uint8_t { TensorMap, Pointer, I32, Workspace };

/// How a CUtensorMap reaches the kernel.
enum class TensorMapPass : std::uint8_t {
  /// A u64 pointer to a 64-byte aligned copy in device memory.
  Global,
  /// The 128-byte descriptor itself, as a __grid_constant__ parameter.
  GridConstant,
};

/// The problem sizes an "i32" parameter can carry; Groups (G) only for
/// grouped kernels.
enum class ShapeValue : std::uint8_t { M, N, K, Groups };

struct ParamSpec {
  ParamKind kind = ParamKind::Pointer;
  /// For TensorMap and Pointer.
  TensorId tensor = TensorId::A;
  /// For TensorMap: box dims, innermost first; swizzle span in bytes
  /// (0, 32, 64, 128).
  std::uint32_t box[2] = {0, 0};
  std::uint32_t swizzle = 0;
  TensorMapPass pass = TensorMapPass::Global;
  /// For I32.
  ShapeValue value = ShapeValue::M;
  /// For Workspace (split-K, stream-K): bytes per output tile of the
  /// counters and of the partial sums, and bytes per CTA of the grid of
  /// partial sums (stream-K; see WorkspaceLayout in LaunchPlan.h).
  std::int64_t counterBytesPerTile = 0;
  std::int64_t partialBytesPerTile = 0;
  std::int64_t partialBytesPerCta = 0;

  /// Whether the parameter passes one of the GEMM's tensors.
  bool passesTensor() const {
    return kind == ParamKind::TensorMap || kind == ParamKind::Pointer;
  }
};

enum class GridKind : std::uint8_t {
  /// One CTA per output tile.
  Tiles,
  /// min(#SMs, #tiles) CTAs that loop over tiles.
  Persistent,
  /// #SMs CTAs, however few the tiles: they loop over whole tiles, then
  /// share the tiles of the last, partial round out by K blocks.
  StreamK,
};

struct KernelMeta {
  static constexpr int kFormatVersion = 1;

  std::string name;
  /// The kernel function's symbol in the module.
  std::string entry;
  /// "sm_90a" (needs a compute capability 9.0 device exactly) or "sm_90".
  std::string target;
  /// Static sizes, or -1 where the size is given at launch.
  std::int64_t shape[3] = {-1, -1, -1};
  GemmSpec operands;
  std::int64_t tile[3] = {0, 0, 0};
  std::int64_t stages = 0;
  std::int64_t cluster[2] = {1, 1};
  std::string schedule;
  std::uint32_t block[3] = {1, 1, 1};
  std::int64_t smemBytes = 0;
  GridKind grid = GridKind::Tiles;
  /// CTAs that share one output tile, each computing K / splitK of it.
  std::int64_t splitK = 1;
  std::vector<ParamSpec> params;

  /// Parses and checks metadata; errors name the offending key, e.g.
  /// "params[2].swizzle: 48 is not one of 0, 32, 64, 128".
  static Expected<KernelMeta> parse(std::string_view jsonText);
  static Expected<KernelMeta> fromJson(const json::Value &root);

  std::int64_t clusterSize() const { return cluster[0] * cluster[1]; }
  /// The workspace parameter, or nullptr when the kernel has none.
  const ParamSpec *workspaceParam() const;
};

const char *shapeValueName(ShapeValue value);

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_KERNELMETA_H
