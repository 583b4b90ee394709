//===- Reference.cpp - reference GEMMs, test data and comparison ---------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Reference.h"

#include "CudaDriverApi.h"
#include "ReferenceAbi.h"
#include "hopgemm/Runtime/Numerics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

#ifdef HOPGEMM_HAVE_REFERENCE_PTX
#include "ReferencePTX.inc"
#endif

using namespace hopgemm;
using namespace hopgemm::numerics;

// Reference.cu switches on these values.
static_assert(static_cast<int>(DType::F8E4M3FN) == 0 &&
                  static_cast<int>(DType::F8E5M2) == 1 &&
                  static_cast<int>(DType::BF16) == 2 &&
                  static_cast<int>(DType::F16) == 3 &&
                  static_cast<int>(DType::F32) == 4 &&
                  static_cast<int>(DType::E8M0) == 6,
              "Reference.cu hardcodes the DType values");

static float decodeAt(const std::uint8_t *base, std::int64_t index,
                      DType dtype) {
  switch (dtype) {
  case DType::F8E4M3FN:
    return decodeE4M3FN(base[index]);
  case DType::F8E5M2:
    return decodeE5M2(base[index]);
  case DType::BF16:
  case DType::F16: {
    std::uint16_t bits;
    std::memcpy(&bits, base + 2 * index, 2);
    return dtype == DType::BF16 ? decodeBF16(bits) : decodeF16(bits);
  }
  case DType::F32: {
    float f;
    std::memcpy(&f, base + 4 * index, 4);
    return f;
  }
  case DType::I32: {
    std::int32_t i;
    std::memcpy(&i, base + 4 * index, 4);
    return static_cast<float>(i);
  }
  case DType::E8M0:
    return decodeE8M0(base[index]);
  }
  return 0;
}

static void encodeAt(std::uint8_t *base, std::int64_t index, DType dtype,
                     float value) {
  switch (dtype) {
  case DType::BF16:
  case DType::F16: {
    std::uint16_t bits =
        dtype == DType::BF16 ? encodeBF16(value) : encodeF16(value);
    std::memcpy(base + 2 * index, &bits, 2);
    return;
  }
  case DType::F32:
    std::memcpy(base + 4 * index, &value, 4);
    return;
  case DType::F8E4M3FN:
  case DType::F8E5M2:
  case DType::E8M0:
  case DType::I32:
    // fillRandomInput writes FP8 and fillRandomScales UE8M0, by code; index
    // tensors are written by their producer.
    return;
  }
}

HostTensor HostTensor::allocate(const TensorView &view) {
  HostTensor t;
  t.view = view;
  t.data.resize(static_cast<std::size_t>(view.rows * view.rowStride *
                                         dtypeBytes(view.dtype)));
  return t;
}

float HostTensor::get(std::int64_t row, std::int64_t col) const {
  return decodeAt(data.data(), row * view.rowStride + col, view.dtype);
}

RandomOptions RandomOptions::forOutput(DType outputType) {
  RandomOptions o;
  if (outputType == DType::F16) {
    o.maxInputAbs = 2;
    o.scaleLog2Range = 2;
  }
  return o;
}

void hopgemm::fillRandomInput(HostTensor &tensor, std::mt19937_64 &rng,
                              const RandomOptions &options) {
  const DType dtype = tensor.view.dtype;
  const std::int64_t count = tensor.view.rows * tensor.view.rowStride;
  if (isFloat8(dtype) && options.normalFp8) {
    // Finite codes by value, for the nearest one to each draw.
    std::vector<std::pair<float, std::uint8_t>> table;
    for (int c = 0; c < 256; ++c) {
      float v = dtype == DType::F8E4M3FN ? decodeE4M3FN(c) : decodeE5M2(c);
      if (std::isfinite(v) && std::fabs(v) <= options.maxInputAbs)
        table.push_back({v, static_cast<std::uint8_t>(c)});
    }
    std::sort(table.begin(), table.end());
    std::normal_distribution<double> normal(0.0, 128.0);
    for (std::int64_t i = 0; i < count; ++i) {
      float v = static_cast<float>(normal(rng));
      auto hi = std::lower_bound(
          table.begin(), table.end(), v,
          [](const auto &entry, float x) { return entry.first < x; });
      if (hi == table.end() ||
          (hi != table.begin() && v - std::prev(hi)->first < hi->first - v))
        hi = std::prev(hi);
      tensor.data[i] = hi->second;
    }
    return;
  }
  if (isFloat8(dtype)) {
    std::vector<std::uint8_t> codes;
    for (int c = 0; c < 256; ++c) {
      float v = dtype == DType::F8E4M3FN ? decodeE4M3FN(c) : decodeE5M2(c);
      if (std::isfinite(v) && v != 0 && std::fabs(v) <= options.maxInputAbs)
        codes.push_back(static_cast<std::uint8_t>(c));
    }
    std::uniform_int_distribution<std::size_t> pick(0, codes.size() - 1);
    for (std::int64_t i = 0; i < count; ++i)
      tensor.data[i] = codes[pick(rng)];
    return;
  }
  const double hi = std::min(4.0, std::log2(options.maxInputAbs));
  std::uniform_real_distribution<double> exponent(hi - 8, hi);
  std::bernoulli_distribution negative(0.5);
  for (std::int64_t i = 0; i < count; ++i) {
    float v = static_cast<float>(std::exp2(exponent(rng)));
    encodeAt(tensor.data.data(), i, dtype, negative(rng) ? -v : v);
  }
}

void hopgemm::fillRandomScales(HostTensor &tensor, std::mt19937_64 &rng,
                               const RandomOptions &options) {
  const std::int64_t count = tensor.view.rows * tensor.view.rowStride;
  if (tensor.view.dtype == DType::E8M0) {
    // Whole powers of two in the same range: bytes 127 + u.
    const int range = static_cast<int>(options.scaleLog2Range);
    std::uniform_int_distribution<int> exponent(127 - range, 127 + range);
    for (std::int64_t i = 0; i < count; ++i)
      tensor.data[i] = static_cast<std::uint8_t>(exponent(rng));
    return;
  }
  std::uniform_real_distribution<double> exponent(-options.scaleLog2Range,
                                                  options.scaleLog2Range);
  for (std::int64_t i = 0; i < count; ++i)
    encodeAt(tensor.data.data(), i, tensor.view.dtype,
             static_cast<float>(std::exp2(exponent(rng))));
}

/// Dequantizes an input operand into a dense rows x K float matrix.
static void dequantize(const OperandSpec &op, const HostTensor &data,
                       const HostTensor *scales, std::int64_t rows,
                       std::int64_t k, std::vector<float> &out) {
  OperandStrides s = operandStrides(op.major, data.view);
  ScaleAccess sc;
  if (scales)
    sc = scaleAccess(op, scales->view);
  out.resize(static_cast<std::size_t>(rows * k));
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t j = 0; j < k; ++j) {
      float v = decodeAt(data.data.data(), r * s.rowStride + j * s.kStride,
                         data.view.dtype);
      if (scales)
        v *= decodeAt(scales->data.data(),
                      (r / sc.blockRows) * sc.rowStride +
                          (j / sc.blockCols) * sc.kStride,
                      scales->view.dtype);
      out[r * k + j] = v;
    }
  }
}

Status hopgemm::cpuReference(const GemmSpec &spec, GemmShape shape,
                             const HostTensor *const tensors[kNumTensors],
                             std::vector<float> &out) {
  HOPGEMM_RETURN_IF_ERROR(spec.verify());
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::C, TensorId::SA, TensorId::SB}) {
    if (!spec.hasTensor(id))
      continue;
    const HostTensor *t = tensors[static_cast<int>(id)];
    TensorView expected = defaultView(spec, id, shape);
    if (!t)
      return Status::errorf("cpu reference: tensor ", tensorName(id),
                            " is missing");
    if (t->view.rows != expected.rows || t->view.cols != expected.cols ||
        t->view.dtype != expected.dtype || t->view.rowStride < expected.cols ||
        t->bytes() < static_cast<std::size_t>(t->view.rows * t->view.rowStride *
                                              dtypeBytes(t->view.dtype)))
      return Status::errorf("cpu reference: tensor ", tensorName(id),
                            " does not match the problem");
  }
  // The CPU reference is for tests and small problems; refuse sizes that
  // would need tens of gigabytes instead of failing to allocate.
  const double elements = double(shape.m + shape.n) * double(shape.k) +
                          double(shape.m) * double(shape.n);
  if (elements > double(std::int64_t(1) << 31))
    return Status::errorf("cpu reference: m ", shape.m, ", n ", shape.n, ", k ",
                          shape.k, " is too large for the CPU");

  auto tensor = [&](TensorId id) { return tensors[static_cast<int>(id)]; };
  std::vector<float> a, b;
  dequantize(spec.a, *tensor(TensorId::A), tensor(TensorId::SA), shape.m,
             shape.k, a);
  dequantize(spec.b, *tensor(TensorId::B), tensor(TensorId::SB), shape.n,
             shape.k, b);
  out.assign(static_cast<std::size_t>(shape.m * shape.n), 0.0f);

  const HostTensor *c = tensor(TensorId::C);
  OutputStrides cs;
  if (spec.c)
    cs = outputStrides(spec.c->major, c->view);
  // K may be 0 (an empty group of a K-grouped GEMM): D is C, or zero.
  auto rowsFrom = [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t m = begin; m < end; ++m) {
      const float *ar = a.data() + m * shape.k;
      for (std::int64_t n = 0; n < shape.n; ++n) {
        const float *br = b.data() + n * shape.k;
        double sum = 0;
        for (std::int64_t j = 0; j < shape.k; ++j)
          sum += double(ar[j]) * double(br[j]);
        if (spec.c)
          sum += decodeAt(c->data.data(), m * cs.mStride + n * cs.nStride,
                          c->view.dtype);
        out[m * shape.n + n] = static_cast<float>(sum);
      }
    }
  };
  unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  workers = static_cast<unsigned>(std::min<std::int64_t>(workers, shape.m));
  std::vector<std::thread> threads;
  std::int64_t chunk = ceilDiv(shape.m, workers);
  for (unsigned w = 0; w < workers; ++w) {
    std::int64_t begin = w * chunk, end = std::min(shape.m, begin + chunk);
    if (begin < end)
      threads.emplace_back(rowsFrom, begin, end);
  }
  for (std::thread &t : threads)
    t.join();
  return Status::success();
}

/// The part of `t` that `view` at element `offset` covers; bytes past the
/// end of `t` (the last row's padding) are zero.
static HostTensor subTensor(const HostTensor &t, const TensorView &view,
                            std::int64_t offset) {
  HostTensor sub = HostTensor::allocate(view);
  const std::size_t begin =
      static_cast<std::size_t>(offset * dtypeBytes(view.dtype));
  if (begin < t.bytes())
    std::copy_n(t.data.begin() + begin,
                std::min(sub.bytes(), t.bytes() - begin), sub.data.begin());
  return sub;
}

Status
hopgemm::cpuGroupedReference(const GemmSpec &spec, GemmShape shape,
                             const HostTensor *const tensors[kNumTensors],
                             const std::vector<GroupRange> &groups,
                             std::vector<float> &out) {
  // Only the inputs are read; d's rows are `out`'s.
  TensorView views[kNumTensors];
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::C, TensorId::SA, TensorId::SB}) {
    const int i = static_cast<int>(id);
    if (!spec.hasTensor(id))
      continue;
    if (!tensors[i])
      return Status::errorf("cpu reference: tensor ", tensorName(id),
                            " is missing");
    views[i] = tensors[i]->view;
  }
  const TensorView d = defaultView(spec, TensorId::D, shape);
  views[static_cast<int>(TensorId::D)] = d;
  out.assign(static_cast<std::size_t>(d.rows * d.cols),
             std::numeric_limits<float>::quiet_NaN());
  for (const GroupRange &g : groups) {
    GroupSlice slice = sliceGroup(spec, shape, views, g);
    if (slice.shape.m == 0)
      continue;
    HostTensor subs[kNumTensors];
    const HostTensor *subTensors[kNumTensors] = {};
    for (TensorId id :
         {TensorId::A, TensorId::B, TensorId::C, TensorId::SA, TensorId::SB}) {
      const int i = static_cast<int>(id);
      if (!slice.spec.hasTensor(id))
        continue;
      subs[i] = subTensor(*tensors[i], slice.views[i], slice.offsets[i]);
      subTensors[i] = &subs[i];
    }
    std::vector<float> groupOut;
    HOPGEMM_RETURN_IF_ERROR(
        cpuReference(slice.spec, slice.shape, subTensors, groupOut)
            .withContext(strCat("group ", g.group)));
    std::copy(groupOut.begin(), groupOut.end(),
              out.begin() + slice.dRow * shape.n);
  }
  return Status::success();
}

CompareResult hopgemm::compareOutput(const OperandSpec &d, GemmShape shape,
                                     const HostTensor &out, const float *ref,
                                     const std::vector<bool> *rows) {
  CompareResult r;
  OutputStrides s = outputStrides(d.major, out.view);
  double diff2 = 0, ref2 = 0;
  for (std::int64_t m = 0; m < shape.m; ++m) {
    if (rows && !(*rows)[m])
      continue;
    for (std::int64_t n = 0; n < shape.n; ++n) {
      ++r.elements;
      double want = ref[m * shape.n + n];
      double got = decodeAt(out.data.data(), m * s.mStride + n * s.nStride,
                            out.view.dtype);
      if (!std::isfinite(want)) {
        ++r.badRefCount;
        continue;
      }
      if (std::isnan(got)) {
        ++r.nanCount;
        continue;
      }
      if (std::isinf(got))
        ++r.infCount;
      double e = got - want;
      diff2 += e * e;
      ref2 += want * want;
      r.maxAbsErr = std::max(r.maxAbsErr, std::fabs(e));
    }
  }
  if (ref2 > 0)
    r.relErr = std::sqrt(diff2 / ref2);
  else
    r.relErr = diff2 > 0 ? std::numeric_limits<double>::infinity() : 0;
  return r;
}

BitwiseDiff hopgemm::compareBitwise(const TensorView &view,
                                    const std::uint8_t *a,
                                    const std::uint8_t *b) {
  BitwiseDiff diff;
  const std::int64_t size = dtypeBytes(view.dtype);
  const std::int64_t rowBytes = view.rowStride * size;
  for (std::int64_t r = 0; r < view.rows; ++r) {
    const std::uint8_t *rowA = a + r * rowBytes, *rowB = b + r * rowBytes;
    // Whole rows first: runs are expected to agree.
    if (std::memcmp(rowA, rowB, static_cast<std::size_t>(view.cols * size)) ==
        0)
      continue;
    for (std::int64_t c = 0; c < view.cols; ++c) {
      if (std::memcmp(rowA + c * size, rowB + c * size,
                      static_cast<std::size_t>(size)) == 0)
        continue;
      if (diff.count++ == 0) {
        diff.firstRow = r;
        diff.firstCol = c;
      }
    }
  }
  return diff;
}

//===----------------------------------------------------------------------===//
// GpuReference
//===----------------------------------------------------------------------===//

bool GpuReference::available() {
#ifdef HOPGEMM_HAVE_REFERENCE_PTX
  return true;
#else
  return false;
#endif
}

Expected<GpuReference> GpuReference::load(const Device &device) {
#ifdef HOPGEMM_HAVE_REFERENCE_PTX
  Expected<Module> module = Module::loadPTX(device, kReferencePTX);
  if (!module)
    return module.error().withContext("loading the reference kernel");
  Expected<void *> fn = module->function("hopgemm_reference_gemm");
  if (!fn)
    return fn.error();
  return GpuReference(module.take(), device.driver(), *fn);
#else
  (void)device;
  return Status::error("the GPU reference was not built (nvcc was not found "
                       "when the runtime was configured)");
#endif
}

static reference::InputParams
inputParams(const OperandSpec &op, const TensorView &view, DevicePtr data,
            const TensorView &scaleView, DevicePtr scale) {
  reference::InputParams p = {};
  OperandStrides s = operandStrides(op.major, view);
  p.data = data;
  p.rowStride = s.rowStride;
  p.kStride = s.kStride;
  p.dtype = static_cast<std::int64_t>(view.dtype);
  p.scaleBlockRows = p.scaleBlockCols = 1;
  if (op.scale != ScaleKind::None) {
    ScaleAccess sc = scaleAccess(op, scaleView);
    p.scale = scale;
    p.scaleBlockRows = sc.blockRows;
    p.scaleBlockCols = sc.blockCols;
    p.scaleRowStride = sc.rowStride;
    p.scaleKStride = sc.kStride;
    p.scaleDtype = static_cast<std::int64_t>(scaleView.dtype);
  }
  return p;
}

static reference::OutputParams
outputParams(const OperandSpec &op, const TensorView &view, DevicePtr data) {
  reference::OutputParams p = {};
  OutputStrides s = outputStrides(op.major, view);
  p.data = data;
  p.mStride = s.mStride;
  p.nStride = s.nStride;
  p.dtype = static_cast<std::int64_t>(view.dtype);
  return p;
}

Status GpuReference::run(const GemmSpec &spec, const GemmArgs &args,
                         const Stream &stream) const {
  HOPGEMM_RETURN_IF_ERROR(spec.verify());
  if (spec.grouping.grouped())
    return Status::error("reference: a grouped spec runs with runGroups");
  const std::int64_t limit = std::numeric_limits<std::int32_t>::max();
  if (args.m <= 0 || args.n <= 0 || args.k <= 0 || args.m > limit ||
      args.n > limit || args.k > limit)
    return Status::errorf("reference: m ", args.m, ", n ", args.n, ", k ",
                          args.k, " must be in [1, 2^31)");
  GemmShape shape{args.m, args.n, args.k};
  TensorView views[kNumTensors];
  HOPGEMM_RETURN_IF_ERROR(checkTensors(spec, shape, args, nullptr, views));
  DevicePtr pointers[kNumTensors];
  for (int i = 0; i < kNumTensors; ++i)
    pointers[i] = args.tensor(static_cast<TensorId>(i)).ptr;
  return launch(spec, shape, views, pointers, stream);
}

Status GpuReference::runGroups(const GemmSpec &spec, const GemmArgs &args,
                               const std::vector<GroupRange> &groups,
                               const Stream &stream) const {
  HOPGEMM_RETURN_IF_ERROR(spec.verify());
  const std::int64_t limit = std::numeric_limits<std::int32_t>::max();
  if (!spec.grouping.grouped() || args.groups < 1 || args.groups > limit ||
      args.m <= 0 || args.n <= 0 || args.k <= 0 || args.m > limit ||
      args.n > limit || args.k > limit)
    return Status::errorf("reference: groups ", args.groups, ", m ", args.m,
                          ", n ", args.n, ", k ", args.k,
                          " must be in [1, 2^31) for a grouped spec");
  GemmShape shape{args.m, args.n, args.k, args.groups};
  TensorView views[kNumTensors];
  HOPGEMM_RETURN_IF_ERROR(checkTensors(spec, shape, args, nullptr, views));
  for (const GroupRange &g : groups) {
    GroupSlice slice = sliceGroup(spec, shape, views, g);
    // An empty grid is an invalid launch, and there is nothing to write.
    if (slice.shape.m == 0)
      continue;
    DevicePtr pointers[kNumTensors] = {};
    for (int i = 0; i < kNumTensors; ++i)
      if (slice.spec.hasTensor(static_cast<TensorId>(i)))
        pointers[i] = args.tensor(static_cast<TensorId>(i)).ptr +
                      static_cast<DevicePtr>(slice.offsets[i] *
                                             dtypeBytes(slice.views[i].dtype));
    HOPGEMM_RETURN_IF_ERROR(
        launch(slice.spec, slice.shape, slice.views, pointers, stream)
            .withContext(strCat("group ", g.group)));
  }
  return Status::success();
}

Status GpuReference::launch(const GemmSpec &spec, GemmShape shape,
                            const TensorView views[kNumTensors],
                            const DevicePtr pointers[kNumTensors],
                            const Stream &stream) const {
  auto view = [&](TensorId id) { return views[static_cast<int>(id)]; };
  auto ptr = [&](TensorId id) { return pointers[static_cast<int>(id)]; };
  // The grid is (N tiles, M tiles); grid y is limited to 65535.
  const std::int64_t gridY = ceilDiv(shape.m, reference::kTileM);
  if (gridY > 65535)
    return Status::errorf("reference: m ", shape.m, " is too large (at most ",
                          65535 * reference::kTileM, ")");
  reference::GemmParams p = {};
  p.a = inputParams(spec.a, view(TensorId::A), ptr(TensorId::A),
                    view(TensorId::SA), ptr(TensorId::SA));
  p.b = inputParams(spec.b, view(TensorId::B), ptr(TensorId::B),
                    view(TensorId::SB), ptr(TensorId::SB));
  p.d = outputParams(spec.d, view(TensorId::D), ptr(TensorId::D));
  if (spec.c) {
    p.c = outputParams(*spec.c, view(TensorId::C), ptr(TensorId::C));
    p.hasC = 1;
  }
  p.m = shape.m;
  p.n = shape.n;
  p.k = shape.k;

  cuda::CUlaunchConfig config = {};
  config.gridDimX = static_cast<unsigned>(ceilDiv(shape.n, reference::kTileN));
  config.gridDimY = static_cast<unsigned>(gridY);
  config.gridDimZ = 1;
  config.blockDimX = reference::kThreads;
  config.blockDimY = config.blockDimZ = 1;
  config.hStream = static_cast<cuda::CUstream>(stream.handle());
  void *params[] = {&p};
  return drv->check(
      drv->api().pcuLaunchKernelEx(
          &config, static_cast<cuda::CUfunction>(function), params, nullptr),
      "cuLaunchKernelEx(reference)");
}
