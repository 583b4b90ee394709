//===- Reference.h - reference GEMMs, test data and comparison --*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// What a correctness check needs besides the kernel under test: random
// operands that are never zero (a zero input hides missing work), a reference
// D = (A * SA) @ (B * SB)^T (+ C) on the GPU (fp32) and on the CPU (fp64
// accumulation, used when the GPU reference was not built and to test the
// GPU reference itself), and a relative-norm comparison that counts NaNs so
// poisoned, unwritten outputs are caught.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_REFERENCE_H
#define HOPGEMM_RUNTIME_REFERENCE_H

#include "hopgemm/Runtime/GemmTypes.h"
#include "hopgemm/Runtime/LaunchPlan.h"
#include "hopgemm/Runtime/Runtime.h"

#include <cstdint>
#include <random>
#include <vector>

namespace hopgemm {

/// Host storage of a tensor view: rows * rowStride elements.
struct HostTensor {
  TensorView view;
  std::vector<std::uint8_t> data;

  static HostTensor allocate(const TensorView &view);
  std::size_t bytes() const { return data.size(); }
  /// Element at (row, col) of the view, decoded to float.
  float get(std::int64_t row, std::int64_t col) const;
};

/// Ranges of random operands.
struct RandomOptions {
  /// Largest magnitude of an input element; FP8 codes above it are not drawn.
  double maxInputAbs = 1e30;
  /// Scales are 2^u with u uniform in [-scaleLog2Range, scaleLog2Range]
  /// (UE8M0 scales: u an integer, the range truncated).
  double scaleLog2Range = 3;
  /// FP8 inputs: the code nearest to 128 x N(0, 1) (what quantizing normal
  /// data by its block's amax gives, as ../shared/bench/peers.py does)
  /// instead of a code drawn uniformly. The data changes the power the
  /// tensor cores draw, and so the clocks: timings to compare with the
  /// peers' want this.
  bool normalFp8 = false;

  /// Ranges for which D is representable in `outputType`: f16 outputs get
  /// small inputs so that sums of K products stay below 65504.
  static RandomOptions forOutput(DType outputType);
};

/// Fills every element, padding included, with random finite non-zero
/// values: FP8 codes drawn uniformly among the finite non-zero codes,
/// 16/32-bit values as +-2^u with u uniform in a range below maxInputAbs.
void fillRandomInput(HostTensor &tensor, std::mt19937_64 &rng,
                     const RandomOptions &options);
/// Fills with positive scales 2^u (f32, or UE8M0 bytes 127 + u).
void fillRandomScales(HostTensor &tensor, std::mt19937_64 &rng,
                      const RandomOptions &options);

/// The reference on the CPU, accumulating in double. `tensors` holds the
/// host copies of a, b, c, sa, sb indexed by TensorId (d is not read).
/// Writes out[m * n + j] for the M x N result.
Status cpuReference(const GemmSpec &spec, GemmShape shape,
                    const HostTensor *const tensors[kNumTensors],
                    std::vector<float> &out);

/// The CPU reference of a grouped GEMM (shape.groups >= 1): each of
/// `groups` computed by cpuReference on its slice (sliceGroup). `out` gets
/// the rows of d's grouped view, n floats each; rows of no group are NaN. A
/// K-grouped group of K 0 gives C's rows, or zeros.
Status cpuGroupedReference(const GemmSpec &spec, GemmShape shape,
                           const HostTensor *const tensors[kNumTensors],
                           const std::vector<GroupRange> &groups,
                           std::vector<float> &out);

struct CompareResult {
  /// ||D - ref||_2 / ||ref||_2 over non-NaN elements, accumulated in double.
  double relErr = 0;
  double maxAbsErr = 0;
  /// NaNs in D, which include elements the kernel never wrote (D is
  /// poisoned with NaN before a checked run).
  std::int64_t nanCount = 0;
  std::int64_t infCount = 0;
  /// Non-finite reference elements (a broken reference or input).
  std::int64_t badRefCount = 0;
  std::int64_t elements = 0;

  bool passed(double tolerance) const {
    return nanCount == 0 && infCount == 0 && badRefCount == 0 &&
           relErr <= tolerance;
  }
};

/// Compares D (host copy, laid out per `d`) with a dense M x N f32 reference;
/// with `rows`, only the rows m where (*rows)[m] is true (the valid rows of
/// a grouped GEMM).
CompareResult compareOutput(const OperandSpec &d, GemmShape shape,
                            const HostTensor &out, const float *ref,
                            const std::vector<bool> *rows = nullptr);

/// Elements whose bits differ between two host copies of a view (rows *
/// rowStride elements each; the padding is not compared).
struct BitwiseDiff {
  std::int64_t count = 0;
  /// The first differing element in the view's row-major order; -1 if none.
  std::int64_t firstRow = -1, firstCol = -1;
};
BitwiseDiff compareBitwise(const TensorView &view, const std::uint8_t *a,
                           const std::uint8_t *b);

/// The fp32 reference GEMM kernel (Reference.cu), embedded as PTX when the
/// runtime was built with nvcc.
class GpuReference {
public:
  /// Whether the PTX was built in.
  static bool available();
  static Expected<GpuReference> load(const Device &device);

  /// Computes D per `spec` into args.d (the spec's d may be any output dtype
  /// and major), reading a, b, c, sa, sb like a compiled kernel would.
  Status run(const GemmSpec &spec, const GemmArgs &args,
             const Stream &stream) const;
  /// The same for a grouped spec: one launch per group of `groups`, on
  /// pointers offset to the group's slice (sliceGroup); groups of no rows
  /// launch nothing, K-grouped groups of K 0 write C, or zeros. args.d is
  /// an n_major view of d's grouped rows.
  Status runGroups(const GemmSpec &spec, const GemmArgs &args,
                   const std::vector<GroupRange> &groups,
                   const Stream &stream) const;

private:
  /// Launches the reference on the checked `views` of `spec` at `pointers`
  /// (indexed by TensorId).
  Status launch(const GemmSpec &spec, GemmShape shape,
                const TensorView views[kNumTensors],
                const DevicePtr pointers[kNumTensors],
                const Stream &stream) const;

  GpuReference(Module module, const Driver &driver, void *function)
      : module(std::move(module)), drv(&driver), function(function) {}
  Module module;
  const Driver *drv;
  void *function;
};

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_REFERENCE_H
