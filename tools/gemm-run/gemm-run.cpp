//===- gemm-run.cpp - run, check and time a compiled GEMM kernel ----------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// gemm-run k.ptx [--meta k.json] --m M [--n N --k K] [--check] [--bench] ...
//
// Loads a kernel written by gemm-opt (or compiles a .mlir spec with
// libhopgemm.so, see compileSpec), runs it on fresh random inputs and,
// with --check, compares D against a reference GEMM of the dequantized
// operands, checks that the kernel wrote nothing around D or into C (canary
// guards) and, with --repeat, that repeated runs agree bit for bit; with
// --bench, times it with a flushed L2. Every argument is
// checked before the GPU is touched, so argument errors are reported (and
// tested) on machines without one.
//
// Exit codes: 0 success, 1 check failure or CUDA error, 2 bad arguments or
// input files, 3 no usable CUDA driver or device.
//
//===----------------------------------------------------------------------===//

#include "hopgemm-c/hopgemm.h"
#include "hopgemm/Runtime/Canary.h"
#include "hopgemm/Runtime/Json.h"
#include "hopgemm/Runtime/KernelMeta.h"
#include "hopgemm/Runtime/LaunchPlan.h"
#include "hopgemm/Runtime/Reference.h"
#include "hopgemm/Runtime/Runtime.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <optional>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace hopgemm;

namespace {

enum ExitCode {
  kExitOk = 0,
  kExitFailed = 1,
  kExitUsage = 2,
  kExitNoGpu = 3,
};

constexpr double kDefaultTolerance = 1e-2;
constexpr std::int64_t kDefaultGroups = 4;
constexpr std::size_t kL2FlushBytes = std::size_t(256) << 20;

const char *const kUsage = R"(usage: gemm-run KERNEL [options]
       gemm-run --device-info | --self-test [--seed S] [--device D]

Runs a kernel compiled by gemm-opt (KERNEL is a .ptx or .cubin file with its
metadata in KERNEL's stem + .json) on random inputs. KERNEL may also be a
.mlir spec holding one gemm.matmul, compiled with libhopgemm.so
($HOPGEMM_LIBRARY, else the one built with this gemm-run).

options:
  --meta FILE     kernel metadata (default: KERNEL with a .json extension)
  --m M           problem size M (required)
  --n N, --k K    problem sizes N and K (required when dynamic in the metadata)
  --groups G      groups of a grouped kernel (default 4); --m is then the
                  rows of all groups, each padded to the kernel's m_alignment
                  (m_contiguous), each group's max_m (m_masked), or each
                  group's M (k_contiguous, whose --k is the sum of the groups'
                  K, drawn in blocks of the kernel's k_alignment)
  --lda/--ldb/--ldc/--ldd LD
                  row stride in elements of a tensor's 2-D view (default dense)
  --check         compare D with a reference GEMM; fails if rel_err > --tol or
                  any element of D is NaN (D is poisoned with NaN beforehand),
                  or if a canary byte around D, in D's padding or around C,
                  or any byte of C, changed
  --tol T         relative-error tolerance of --check (default 1e-2)
  --repeat N      with --check, run the kernel N times, D poisoned each time,
                  and fail unless D is bit-identical in every run (default 1)
  --bench         time the kernel with CUDA events, flushing L2 before each run
  --iters N       timed runs for --bench (default 20)
  --warmup N      untimed runs before timing (default 5)
  --seed S        random seed (default: random, printed)
  --data codes|normal
                  FP8 inputs drawn uniformly over the finite codes (codes,
                  the default) or as quantized normal data (normal, like
                  the peers' inputs: the data changes power and clocks)
  --device D      CUDA device ordinal (default 0)
  --json FILE     also write the results as JSON
  --device-info   print the device's name, SM count, compute capability and
                  shared memory limit
  --self-test     check the GPU reference against the CPU reference
)";

struct Options {
  std::string kernelPath, metaPath, jsonPath;
  std::int64_t m = 0, n = 0, k = 0;
  /// 0: not given (kDefaultGroups for a grouped kernel).
  std::int64_t groups = 0;
  std::int64_t ld[kNumTensors] = {};
  bool check = false, bench = false, deviceInfo = false, selfTest = false;
  /// --data normal: FP8 inputs drawn like quantized normal data.
  bool normalData = false;
  bool help = false;
  bool haveSeed = false;
  std::uint64_t seed = 0;
  std::int64_t iters = 20, warmup = 5;
  std::int64_t repeat = 1;
  std::int64_t device = 0;
  double tolerance = kDefaultTolerance;
};

int fail(int code, const std::string &message) {
  std::fprintf(stderr, "gemm-run: error: %s\n", message.c_str());
  return code;
}

Status parseInt(const std::string &flag, const std::string &text,
                std::int64_t min, std::int64_t &out) {
  errno = 0;
  char *end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || *end != '\0')
    return Status::errorf("invalid value '", text, "' for ", flag,
                          " (expected an integer)");
  if (v < min)
    return Status::errorf("invalid value ", v, " for ", flag,
                          " (must be at least ", min, ")");
  out = v;
  return Status::success();
}

Status parseArgs(int argc, char **argv, Options &opts) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i], value;
    bool hasInlineValue = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        hasInlineValue = true;
      }
    }
    auto takeValue = [&]() -> Status {
      if (hasInlineValue)
        return Status::success();
      if (i + 1 >= args.size())
        return Status::errorf("missing value for ", arg);
      value = args[++i];
      return Status::success();
    };
    auto flag = [&](bool &out) -> Status {
      if (hasInlineValue)
        return Status::errorf(arg, " takes no value");
      out = true;
      return Status::success();
    };
    auto intValue = [&](std::int64_t min, std::int64_t &out) -> Status {
      HOPGEMM_RETURN_IF_ERROR(takeValue());
      return parseInt(arg, value, min, out);
    };

    if (arg == "--help" || arg == "-h") {
      HOPGEMM_RETURN_IF_ERROR(flag(opts.help));
    } else if (arg == "--check") {
      HOPGEMM_RETURN_IF_ERROR(flag(opts.check));
    } else if (arg == "--bench") {
      HOPGEMM_RETURN_IF_ERROR(flag(opts.bench));
    } else if (arg == "--device-info") {
      HOPGEMM_RETURN_IF_ERROR(flag(opts.deviceInfo));
    } else if (arg == "--self-test") {
      HOPGEMM_RETURN_IF_ERROR(flag(opts.selfTest));
    } else if (arg == "--meta") {
      HOPGEMM_RETURN_IF_ERROR(takeValue());
      opts.metaPath = value;
    } else if (arg == "--json") {
      HOPGEMM_RETURN_IF_ERROR(takeValue());
      opts.jsonPath = value;
    } else if (arg == "--m") {
      // Sizes are range-checked against the kernel later, with better
      // messages; here they only need to parse.
      HOPGEMM_RETURN_IF_ERROR(intValue(INT64_MIN, opts.m));
    } else if (arg == "--n") {
      HOPGEMM_RETURN_IF_ERROR(intValue(INT64_MIN, opts.n));
    } else if (arg == "--k") {
      HOPGEMM_RETURN_IF_ERROR(intValue(INT64_MIN, opts.k));
    } else if (arg == "--groups") {
      HOPGEMM_RETURN_IF_ERROR(intValue(1, opts.groups));
    } else if (arg == "--lda") {
      HOPGEMM_RETURN_IF_ERROR(
          intValue(1, opts.ld[static_cast<int>(TensorId::A)]));
    } else if (arg == "--ldb") {
      HOPGEMM_RETURN_IF_ERROR(
          intValue(1, opts.ld[static_cast<int>(TensorId::B)]));
    } else if (arg == "--ldc") {
      HOPGEMM_RETURN_IF_ERROR(
          intValue(1, opts.ld[static_cast<int>(TensorId::C)]));
    } else if (arg == "--ldd") {
      HOPGEMM_RETURN_IF_ERROR(
          intValue(1, opts.ld[static_cast<int>(TensorId::D)]));
    } else if (arg == "--iters") {
      HOPGEMM_RETURN_IF_ERROR(intValue(1, opts.iters));
    } else if (arg == "--warmup") {
      HOPGEMM_RETURN_IF_ERROR(intValue(0, opts.warmup));
    } else if (arg == "--data") {
      HOPGEMM_RETURN_IF_ERROR(takeValue());
      if (value != "codes" && value != "normal")
        return Status::errorf("invalid value '", value,
                              "' for --data (expected codes or normal)");
      opts.normalData = value == "normal";
    } else if (arg == "--repeat") {
      HOPGEMM_RETURN_IF_ERROR(intValue(1, opts.repeat));
    } else if (arg == "--device") {
      HOPGEMM_RETURN_IF_ERROR(intValue(0, opts.device));
    } else if (arg == "--seed") {
      HOPGEMM_RETURN_IF_ERROR(takeValue());
      errno = 0;
      char *end = nullptr;
      unsigned long long s = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || value[0] == '-' || errno != 0 || *end != '\0')
        return Status::errorf("invalid value '", value,
                              "' for --seed (expected a non-negative "
                              "integer)");
      opts.seed = s;
      opts.haveSeed = true;
    } else if (arg == "--tol") {
      HOPGEMM_RETURN_IF_ERROR(takeValue());
      char *end = nullptr;
      double t = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(t >= 0) || !std::isfinite(t))
        return Status::errorf("invalid value '", value,
                              "' for --tol (expected a non-negative number)");
      opts.tolerance = t;
    } else if (arg.rfind("-", 0) == 0 && arg.size() > 1) {
      return Status::errorf("unknown option '", arg, "'");
    } else if (opts.kernelPath.empty()) {
      opts.kernelPath = arg;
    } else {
      return Status::errorf("unexpected argument '", arg,
                            "' (the kernel is already '", opts.kernelPath,
                            "')");
    }
  }
  if (opts.help)
    return Status::success();
  if (opts.deviceInfo || opts.selfTest) {
    if (!opts.kernelPath.empty())
      return Status::errorf(opts.deviceInfo ? "--device-info" : "--self-test",
                            " takes no kernel (got '", opts.kernelPath, "')");
    if (opts.deviceInfo && opts.selfTest)
      return Status::error("--device-info and --self-test are exclusive");
    return Status::success();
  }
  if (opts.kernelPath.empty())
    return Status::error("no kernel given (see --help)");
  if (opts.m == 0 && std::none_of(args.begin(), args.end(), [](auto &a) {
        return a == "--m" || a.rfind("--m=", 0) == 0;
      }))
    return Status::error("--m is required");
  if (opts.repeat > 1 && !opts.check)
    return Status::error("--repeat needs --check");
  return Status::success();
}

std::string formatDouble(const char *format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

std::string defaultMetaPath(const std::string &kernelPath) {
  size_t dot = kernelPath.find_last_of('.');
  size_t slash = kernelPath.find_last_of('/');
  bool hasExt =
      dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (hasExt ? kernelPath.substr(0, dot) : kernelPath) + ".json";
}

/// Errors of Driver::load and of finding a device mean "no usable GPU".
struct GpuContext {
  const Driver *driver = nullptr;
  std::optional<Device> device;
};

int openGpu(std::int64_t ordinal, GpuContext &gpu) {
  Expected<Driver &> driver = Driver::load();
  if (!driver)
    return fail(kExitNoGpu, driver.message());
  gpu.driver = &*driver;
  Expected<int> count = driver->deviceCount();
  if (!count)
    return fail(kExitFailed, count.message());
  if (*count == 0)
    return fail(kExitNoGpu, "no CUDA device found");
  Expected<Device> device = Device::open(*driver, static_cast<int>(ordinal));
  if (!device)
    return fail(kExitFailed, device.message());
  gpu.device.emplace(device.take());
  return kExitOk;
}

//===----------------------------------------------------------------------===//
// Groups
//===----------------------------------------------------------------------===//

/// The random groups of a run of a grouped kernel and what they mean for
/// the rows of D's view.
struct GroupLayout {
  GroupingKind kind = GroupingKind::None;
  /// m_alignment, or k_alignment for k_contiguous.
  std::int64_t alignment = 0;
  /// The valid rows of each group, or its K (k_contiguous).
  std::vector<std::int64_t> sizes;
  /// What the references compute: the valid rows of each non-empty group,
  /// or the K range of every group (k_contiguous).
  std::vector<GroupRange> rows;
  /// The index tensor: m_indices (M values), masked_m or ks (G values).
  std::vector<std::int32_t> index;
  /// Per row of D: compared with the reference; must keep the poison.
  std::vector<bool> valid, unwritten;
  /// Per row of D: its group (m_contiguous: the group of its segment).
  std::vector<std::int64_t> rowGroup;

  bool grouped() const { return kind != GroupingKind::None; }
  bool kGrouped() const { return kind == GroupingKind::KContiguous; }
  std::int64_t validRows() const {
    std::int64_t total = 0;
    for (std::int64_t size : sizes)
      total += size;
    return total;
  }
};

/// Random sizes, in blocks, for the `total / alignment` blocks of rows (or
/// K columns): with 3 or more groups one group is empty and one has a
/// single block (m_contiguous: a single row in it); every other group gets
/// at least one block and the remaining blocks go to them at random.
Expected<std::vector<std::int64_t>>
drawBlocks(std::int64_t total, std::int64_t groups, std::int64_t alignment,
           bool kBlocks, std::mt19937_64 &rng, std::int64_t &empty,
           std::int64_t &single) {
  const std::int64_t blocks = total / alignment;
  const std::int64_t nonEmpty = groups >= 3 ? groups - 1 : groups;
  if (blocks < nonEmpty)
    return Status::errorf(kBlocks ? "k " : "m ", total, " is too small for ",
                          groups, " groups: ", nonEmpty, " non-empty groups ",
                          kBlocks ? "of " : "padded to ", alignment,
                          kBlocks ? " K columns each need k >= "
                                  : " rows each need m >= ",
                          nonEmpty * alignment);
  std::vector<std::int64_t> order(static_cast<std::size_t>(groups));
  for (std::int64_t g = 0; g < groups; ++g)
    order[g] = g;
  std::shuffle(order.begin(), order.end(), rng);
  empty = groups >= 3 ? order[0] : -1;
  single = groups >= 3 ? order[1] : -1;
  std::vector<std::int64_t> perGroup(order.size(), 1);
  if (empty >= 0)
    perGroup[empty] = 0;
  std::vector<std::int64_t> growable(order.begin() + (groups >= 3 ? 2 : 0),
                                     order.end());
  std::uniform_int_distribution<std::size_t> pick(0, growable.size() - 1);
  for (std::int64_t b = nonEmpty; b < blocks; ++b)
    ++perGroup[growable[pick(rng)]];
  return perGroup;
}

/// m_contiguous: G segments of whole blocks that fill M exactly, group g's
/// segment holding its rows and then padding rows (m_indices -1), up to a
/// whole block of them. As in DeepGEMM, the kernel takes each block's group
/// from its first row: a block of padding is skipped (never written), the
/// padding rows after a group's last row in its last block may be.
Expected<GroupLayout> contiguousGroups(std::int64_t m, std::int64_t groups,
                                       std::int64_t alignment,
                                       std::mt19937_64 &rng) {
  std::int64_t empty = -1, single = -1;
  Expected<std::vector<std::int64_t>> blocks =
      drawBlocks(m, groups, alignment, false, rng, empty, single);
  if (!blocks)
    return blocks.error();
  GroupLayout l;
  std::int64_t row = 0;
  for (std::int64_t g = 0; g < groups; ++g) {
    const std::int64_t segment = (*blocks)[g] * alignment;
    std::uniform_int_distribution<std::int64_t> size(
        std::max<std::int64_t>(segment - 2 * alignment + 1, 0), segment);
    const std::int64_t rows = g == single ? 1 : size(rng);
    l.sizes.push_back(rows);
    if (rows > 0)
      l.rows.push_back(GroupRange{g, row, rows});
    for (std::int64_t i = 0; i < segment; ++i) {
      l.index.push_back(i < rows ? static_cast<std::int32_t>(g) : -1);
      l.valid.push_back(i < rows);
      l.unwritten.push_back(i >= alignUp(rows, alignment));
      l.rowGroup.push_back(g);
    }
    row += segment;
  }
  return l;
}

/// m_masked: masked_m[g] uniform in [0, max_m], with 0, 1 and max_m among
/// them when G >= 3.
GroupLayout maskedGroups(std::int64_t maxM, std::int64_t groups,
                         std::int64_t alignment, std::mt19937_64 &rng) {
  GroupLayout l;
  std::uniform_int_distribution<std::int64_t> size(0, maxM);
  for (std::int64_t g = 0; g < groups; ++g)
    l.sizes.push_back(size(rng));
  if (groups >= 3) {
    std::vector<std::int64_t> order(static_cast<std::size_t>(groups));
    for (std::int64_t g = 0; g < groups; ++g)
      order[g] = g;
    std::shuffle(order.begin(), order.end(), rng);
    l.sizes[order[0]] = 0;
    l.sizes[order[1]] = 1;
    l.sizes[order[2]] = maxM;
  }
  for (std::int64_t g = 0; g < groups; ++g) {
    const std::int64_t rows = l.sizes[g];
    l.index.push_back(static_cast<std::int32_t>(rows));
    if (rows > 0)
      l.rows.push_back(GroupRange{g, g * maxM, rows});
    // Rows between masked_m and its padding are unspecified.
    for (std::int64_t i = 0; i < maxM; ++i) {
      l.valid.push_back(i < rows);
      l.unwritten.push_back(i >= alignUp(rows, alignment));
      l.rowGroup.push_back(g);
    }
  }
  return l;
}

/// k_contiguous: G sizes in whole blocks of k_alignment that sum to K, with
/// an empty group and a single block among them when G >= 3. Every row of
/// D is compared: an empty group's rows must be C's, or zero.
Expected<GroupLayout> kContiguousGroups(std::int64_t m, std::int64_t k,
                                        std::int64_t groups,
                                        std::int64_t alignment,
                                        std::mt19937_64 &rng) {
  std::int64_t empty = -1, single = -1;
  Expected<std::vector<std::int64_t>> blocks =
      drawBlocks(k, groups, alignment, true, rng, empty, single);
  if (!blocks)
    return blocks.error();
  GroupLayout l;
  std::int64_t begin = 0;
  for (std::int64_t g = 0; g < groups; ++g) {
    const std::int64_t size = (*blocks)[g] * alignment;
    l.sizes.push_back(size);
    l.index.push_back(static_cast<std::int32_t>(size));
    l.rows.push_back(GroupRange{g, begin, size});
    begin += size;
    for (std::int64_t i = 0; i < m; ++i) {
      l.valid.push_back(true);
      l.unwritten.push_back(false);
      l.rowGroup.push_back(g);
    }
  }
  return l;
}

/// The groups of a run; an ungrouped layout for an ungrouped spec.
Expected<GroupLayout> drawGroups(const GemmSpec &spec, GemmShape shape,
                                 std::mt19937_64 &rng) {
  const Grouping &grouping = spec.grouping;
  Expected<GroupLayout> l = GroupLayout();
  if (grouping.kind == GroupingKind::MContiguous)
    l = contiguousGroups(shape.m, shape.groups, grouping.mAlignment, rng);
  else if (grouping.kind == GroupingKind::MMasked)
    l = maskedGroups(shape.m, shape.groups, grouping.mAlignment, rng);
  else if (grouping.kind == GroupingKind::KContiguous)
    l = kContiguousGroups(shape.m, shape.k, shape.groups, grouping.kAlignment,
                          rng);
  if (l) {
    l->kind = grouping.kind;
    l->alignment =
        grouping.kGrouped() ? grouping.kAlignment : grouping.mAlignment;
  }
  return l;
}

/// Each group's valid rows of D compared with the reference.
std::vector<CompareResult>
compareGroups(const GroupLayout &l, const OperandSpec &d, GemmShape compared,
              const HostTensor &out, const float *ref) {
  std::vector<CompareResult> results;
  std::vector<bool> rows(l.valid.size());
  for (std::size_t g = 0; g < l.sizes.size(); ++g) {
    for (std::size_t r = 0; r < rows.size(); ++r)
      rows[r] = l.valid[r] && l.rowGroup[r] == static_cast<std::int64_t>(g);
    results.push_back(compareOutput(d, compared, out, ref, &rows));
  }
  return results;
}

/// The first row of D that must keep the poison but does not, described;
/// empty when every such row is intact.
std::string firstWrittenRow(const GroupLayout &l, const HostTensor &d) {
  const std::int64_t size = dtypeBytes(d.view.dtype);
  for (std::size_t r = 0; r < l.unwritten.size(); ++r) {
    if (!l.unwritten[r])
      continue;
    const std::uint8_t *row =
        d.data.data() + static_cast<std::int64_t>(r) * d.view.rowStride * size;
    for (std::int64_t b = 0; b < d.view.cols * size; ++b) {
      if (row[b] == kPoisonByte)
        continue;
      const std::int64_t g = l.rowGroup[r], column = b / size;
      if (l.kind == GroupingKind::MContiguous)
        return strCat("row ", r, " of d was written at column ", column,
                      ", but it is in a block of padding of group ", g,
                      " (m_indices -1 from the block's first row)");
      const std::int64_t maxM = static_cast<std::int64_t>(l.unwritten.size()) /
                                static_cast<std::int64_t>(l.sizes.size());
      return strCat("row ", r, " of d (row ", r - g * maxM, " of group ", g,
                    ") was written at column ", column, ", but group ", g,
                    " has masked_m ", l.sizes[g], ", padded to ",
                    alignUp(l.sizes[g], l.alignment), " rows");
    }
  }
  return "";
}

//===----------------------------------------------------------------------===//
// Operands
//===----------------------------------------------------------------------===//

/// A problem's tensors on host and device. Host copies stay around for the
/// CPU reference.
struct Operands {
  TensorView views[kNumTensors];
  std::optional<HostTensor> host[kNumTensors];
  /// Where each tensor lies in its buffer: D and C between canary guards,
  /// the others without guards.
  GuardedLayout layout[kNumTensors];
  DeviceBuffer device[kNumTensors];
  /// What the buffers of D and C hold before a run (D poisoned, C its
  /// values), to check the canaries against.
  std::vector<std::uint8_t> before[kNumTensors];
  GemmArgs args;
};

/// D is written by the kernel and C must not be: both get canary guards.
bool isGuarded(TensorId id) { return id == TensorId::C || id == TensorId::D; }

/// Where tensor `id` lies in its buffer.
GuardedLayout layoutOf(TensorId id, const TensorView &view) {
  if (isGuarded(id))
    return GuardedLayout::around(view);
  GuardedLayout unguarded;
  unguarded.view = view;
  return unguarded;
}

/// Validates sizes and strides without a GPU (placeholder pointers) and
/// returns the views of the tensors `spec` uses.
Status computeViews(const GemmSpec &spec, GemmShape shape,
                    const std::int64_t ld[kNumTensors],
                    const bool *pointerPassed, TensorView views[kNumTensors]) {
  GemmArgs args;
  args.m = shape.m;
  args.n = shape.n;
  args.k = shape.k;
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    if (!spec.hasTensor(id))
      continue;
    args.tensor(id).ptr = DevicePtr(1) << 40;
    args.tensor(id).ld = ld[i];
  }
  return checkTensors(spec, shape, args, pointerPassed, views);
}

/// Host copies of every operand (and the reference) must fit in memory: a
/// failed allocation would abort (no exceptions), so large problems are
/// refused with a message instead.
Status checkHostMemory(const GemmSpec &spec, GemmShape shape,
                       const TensorView views[kNumTensors]) {
  const TensorView &d = views[static_cast<int>(TensorId::D)];
  double bytes = 4.0 * double(d.rows) * double(d.cols);
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    if (!spec.hasTensor(id))
      continue;
    bytes += double(views[i].rows) * double(views[i].rowStride) *
             dtypeBytes(views[i].dtype);
    // The contents before a run and a download, both with their guards.
    if (isGuarded(id))
      bytes += 2.0 * double(GuardedLayout::around(views[i]).totalBytes());
  }
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  double available = pages > 0 && pageSize > 0
                         ? double(pages) * double(pageSize) * 0.75
                         : double(std::uint64_t(1) << 40);
  if (bytes > available)
    return Status::errorf("m ", shape.m, ", n ", shape.n, ", k ", shape.k,
                          " needs ", formatDouble("%.1f", bytes / (1 << 30)),
                          " GiB of host memory for the operands, more than "
                          "this machine has");
  return Status::success();
}

/// Allocates, fills with random values (the index tensor with `index`) and
/// uploads every input (C with its guards); allocates D and its poisoned
/// contents.
Status makeOperands(const Device &device, const GemmSpec &spec, GemmShape shape,
                    const TensorView views[kNumTensors],
                    const std::vector<std::int32_t> &index,
                    std::mt19937_64 &rng, Operands &ops,
                    bool normalData = false) {
  RandomOptions random = RandomOptions::forOutput(spec.d.dtype);
  random.normalFp8 = normalData;
  ops.args.m = shape.m;
  ops.args.n = shape.n;
  ops.args.k = shape.k;
  ops.args.groups = shape.groups;
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    if (!spec.hasTensor(id))
      continue;
    ops.views[i] = views[i];
    HostTensor host = HostTensor::allocate(views[i]);
    if (id == TensorId::SA || id == TensorId::SB)
      fillRandomScales(host, rng, random);
    else if (id == TensorId::MIndices || id == TensorId::MaskedM ||
             id == TensorId::KSizes)
      std::memcpy(host.data.data(), index.data(),
                  std::min(host.bytes(), index.size() * sizeof(index[0])));
    else if (id != TensorId::D)
      fillRandomInput(host, rng, random);
    const GuardedLayout layout = layoutOf(id, views[i]);
    Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(
        device, static_cast<std::size_t>(layout.totalBytes()));
    if (!buffer)
      return buffer.error().withContext(strCat("tensor ", tensorName(id)));
    if (id == TensorId::D) {
      // Uploaded before each run (runPoisoned).
      ops.before[i] = layout.poisonedOutput();
    } else if (id == TensorId::C) {
      ops.before[i] = layout.guardedInput(host.data.data());
      HOPGEMM_RETURN_IF_ERROR(
          buffer->upload(ops.before[i].data(), ops.before[i].size()));
    } else {
      HOPGEMM_RETURN_IF_ERROR(buffer->upload(host.data.data(), host.bytes()));
    }
    TensorArg &arg = ops.args.tensor(id);
    arg.ptr = buffer->ptr() + static_cast<DevicePtr>(layout.guardBytes);
    arg.ld = views[i].rowStride;
    arg.bytes = host.bytes();
    ops.layout[i] = layout;
    ops.device[i] = buffer.take();
    ops.host[i].emplace(std::move(host));
  }
  return Status::success();
}

/// Reference D as a dense f32 matrix of D's rows (M, or G x max_m) and N
/// columns, from the GPU reference when it was built, else from the CPU; of a
/// grouped GEMM only the groups' valid rows.
Status computeReference(const Device &device, const Stream &stream,
                        const GemmSpec &spec, GemmShape shape,
                        const GroupLayout &groups, Operands &ops,
                        std::vector<float> &ref, bool &usedGpu) {
  usedGpu = GpuReference::available();
  if (!usedGpu) {
    std::fprintf(stderr, "gemm-run: warning: built without nvcc, so the "
                         "reference runs on the CPU (slow)\n");
    const HostTensor *tensors[kNumTensors] = {};
    for (int i = 0; i < kNumTensors; ++i)
      tensors[i] = ops.host[i] ? &*ops.host[i] : nullptr;
    if (groups.grouped())
      return cpuGroupedReference(spec, shape, tensors, groups.rows, ref);
    return cpuReference(spec, shape, tensors, ref);
  }
  Expected<GpuReference> gpuRef = GpuReference::load(device);
  if (!gpuRef)
    return gpuRef.error();
  GemmSpec refSpec = spec;
  refSpec.d = OperandSpec();
  refSpec.d.dtype = DType::F32;
  refSpec.d.major = Major::N;
  const std::int64_t rows = ops.views[static_cast<int>(TensorId::D)].rows;
  std::size_t bytes = static_cast<std::size_t>(rows * shape.n) * 4;
  Expected<DeviceBuffer> out = DeviceBuffer::allocate(device, bytes);
  if (!out)
    return out.error().withContext("reference output");
  // Poisoned too, so a reference that skips elements cannot pass.
  HOPGEMM_RETURN_IF_ERROR(out->fillBytes(0xff));
  GemmArgs refArgs = ops.args;
  refArgs.d = TensorArg();
  refArgs.d.ptr = out->ptr();
  refArgs.d.bytes = bytes;
  HOPGEMM_RETURN_IF_ERROR(
      groups.grouped()
          ? gpuRef->runGroups(refSpec, refArgs, groups.rows, stream)
          : gpuRef->run(refSpec, refArgs, stream));
  HOPGEMM_RETURN_IF_ERROR(
      stream.synchronize().withContext("running the reference kernel"));
  ref.resize(static_cast<std::size_t>(rows * shape.n));
  return out->download(ref.data(), bytes);
}

//===----------------------------------------------------------------------===//
// --device-info
//===----------------------------------------------------------------------===//

int runDeviceInfo(const Options &opts) {
  GpuContext gpu;
  if (int rc = openGpu(opts.device, gpu))
    return rc;
  const DeviceLimits &l = gpu.device->limits();
  std::printf("device %d: %s\n", l.ordinal, l.name.c_str());
  std::printf("  compute capability: %d.%d (sm_%d%d)\n", l.ccMajor, l.ccMinor,
              l.ccMajor, l.ccMinor);
  std::printf("  SMs: %d\n", l.smCount);
  std::printf("  shared memory per block (opt-in): %lld bytes\n",
              static_cast<long long>(l.maxSmemPerBlockOptin));
  std::printf("  L2 cache: %lld bytes\n",
              static_cast<long long>(gpu.device->l2CacheBytes()));
  std::printf("  driver: CUDA %d.%d\n", gpu.driver->version() / 1000,
              gpu.driver->version() % 1000 / 10);
  std::printf("  gpu reference: %s\n",
              GpuReference::available() ? "built in" : "not built (no nvcc)");
  return kExitOk;
}

//===----------------------------------------------------------------------===//
// --self-test
//===----------------------------------------------------------------------===//

struct SelfTestCase {
  const char *what;
  GemmSpec spec;
  GemmShape shape;
  std::int64_t ld[kNumTensors];
};

OperandSpec operand(DType dtype, Major major, ScaleKind scale = ScaleKind::None,
                    std::int64_t blockRows = 0, std::int64_t blockCols = 0,
                    DType scaleDType = DType::F32) {
  OperandSpec op;
  op.dtype = dtype;
  op.major = major;
  op.scale = scale;
  op.scaleBlock[0] = blockRows;
  op.scaleBlock[1] = blockCols;
  op.scaleDType = scaleDType;
  return op;
}

std::vector<SelfTestCase> selfTestCases() {
  std::vector<SelfTestCase> cases;
  auto add = [&](const char *what, OperandSpec a, OperandSpec b, OperandSpec d,
                 std::optional<OperandSpec> c, GemmShape shape) {
    SelfTestCase t{what, GemmSpec{a, b, d, c, Grouping()}, shape, {}};
    cases.push_back(t);
    return &cases.back();
  };
  const DType e4m3 = DType::F8E4M3FN, e5m2 = DType::F8E5M2;
  add("fp8 e4m3, 1x128 / 128x128 block scales, bf16 out",
      operand(e4m3, Major::K, ScaleKind::Block, 1, 128),
      operand(e4m3, Major::K, ScaleKind::Block, 128, 128),
      operand(DType::BF16, Major::N), std::nullopt, {100, 200, 300});
  add("fp8 e4m3, 1x128 / 128x128 UE8M0 block scales, f32 out",
      operand(e4m3, Major::K, ScaleKind::Block, 1, 128, DType::E8M0),
      operand(e4m3, Major::K, ScaleKind::Block, 128, 128, DType::E8M0),
      operand(DType::F32, Major::N), std::nullopt, {100, 200, 300});
  add("fp8 e5m2, 1x128 UE8M0 / 1x128 f32 block scales, bf16 out",
      operand(e5m2, Major::K, ScaleKind::Block, 1, 128, DType::E8M0),
      operand(e5m2, Major::K, ScaleKind::Block, 1, 128),
      operand(DType::BF16, Major::N), std::nullopt, {70, 40, 260});
  add("fp8 e4m3, m = 1", operand(e4m3, Major::K, ScaleKind::Block, 1, 128),
      operand(e4m3, Major::K, ScaleKind::Block, 128, 128),
      operand(DType::F32, Major::N), std::nullopt, {1, 256, 512});
  add("fp8 e5m2, row / tensor scales, f32 out + f32 c",
      operand(e5m2, Major::K, ScaleKind::Row),
      operand(e5m2, Major::K, ScaleKind::Tensor), operand(DType::F32, Major::N),
      operand(DType::F32, Major::N), {64, 72, 128});
  SelfTestCase *strided =
      add("bf16 m/n-major, f16 m-major out + bf16 c, padded strides",
          operand(DType::BF16, Major::M), operand(DType::BF16, Major::N),
          operand(DType::F16, Major::M), operand(DType::BF16, Major::N),
          {33, 17, 65});
  strided->ld[static_cast<int>(TensorId::A)] = 40;
  strided->ld[static_cast<int>(TensorId::B)] = 24;
  strided->ld[static_cast<int>(TensorId::C)] = 32;
  strided->ld[static_cast<int>(TensorId::D)] = 48;
  add("f16, 32x64 / 1x64 block scales, f32 out",
      operand(DType::F16, Major::K, ScaleKind::Block, 32, 64),
      operand(DType::F16, Major::K, ScaleKind::Block, 1, 64),
      operand(DType::F32, Major::N), std::nullopt, {129, 130, 257});
  SelfTestCase *grouped =
      add("m_contiguous grouped, 3 groups padded to 32 rows, bf16 out",
          operand(e4m3, Major::K, ScaleKind::Block, 1, 128),
          operand(e4m3, Major::K, ScaleKind::Block, 128, 128),
          operand(DType::BF16, Major::N), std::nullopt, {160, 136, 300, 3});
  grouped->spec.grouping = Grouping{GroupingKind::MContiguous, 32};
  SelfTestCase *kGrouped =
      add("k_contiguous grouped, 3 groups of 128-column blocks (one empty), "
          "f32 out + f32 c",
          operand(e4m3, Major::K, ScaleKind::Block, 1, 128),
          operand(e4m3, Major::K, ScaleKind::Block, 1, 128),
          operand(DType::F32, Major::N), operand(DType::F32, Major::N),
          {64, 72, 640, 3});
  kGrouped->spec.grouping = Grouping{GroupingKind::KContiguous, 32, 128};
  // M and N not multiples of 16: the byte scales' rows are padded.
  SelfTestCase *byteGrouped =
      add("m_contiguous grouped, UE8M0 block scales, 3 groups padded to 8 "
          "rows, bf16 out",
          operand(e4m3, Major::K, ScaleKind::Block, 1, 128, DType::E8M0),
          operand(e4m3, Major::K, ScaleKind::Block, 128, 128, DType::E8M0),
          operand(DType::BF16, Major::N), std::nullopt, {136, 72, 300, 3});
  byteGrouped->spec.grouping = Grouping{GroupingKind::MContiguous, 8};
  SelfTestCase *byteKGrouped =
      add("k_contiguous grouped, UE8M0 block scales, 3 groups, f32 out + "
          "f32 c",
          operand(e4m3, Major::K, ScaleKind::Block, 1, 128, DType::E8M0),
          operand(e4m3, Major::K, ScaleKind::Block, 1, 128, DType::E8M0),
          operand(DType::F32, Major::N), operand(DType::F32, Major::N),
          {40, 36, 640, 3});
  byteKGrouped->spec.grouping = Grouping{GroupingKind::KContiguous, 8, 128};
  return cases;
}

/// fp32 accumulation against fp64, plus the rounding of the output type.
double selfTestTolerance(DType out) {
  switch (out) {
  case DType::BF16:
    return 1e-2;
  case DType::F16:
    return 2e-3;
  default:
    return 1e-5;
  }
}

int runSelfTest(const Options &opts) {
  if (!GpuReference::available())
    return fail(kExitFailed, "--self-test needs the GPU reference, which "
                             "was not built (nvcc was not found)");
  GpuContext gpu;
  if (int rc = openGpu(opts.device, gpu))
    return rc;
  const Device &device = *gpu.device;
  std::uint64_t seed = opts.haveSeed ? opts.seed : std::random_device()();
  std::mt19937_64 rng(seed);
  Expected<Stream> stream = Stream::create(device);
  if (!stream)
    return fail(kExitFailed, stream.message());
  Expected<GpuReference> gpuRef = GpuReference::load(device);
  if (!gpuRef)
    return fail(kExitFailed, gpuRef.message());

  std::printf("self-test: GPU reference vs CPU reference, seed %llu\n",
              static_cast<unsigned long long>(seed));
  bool allPassed = true;
  int index = 0;
  for (const SelfTestCase &t : selfTestCases()) {
    ++index;
    TensorView views[kNumTensors];
    Status s = computeViews(t.spec, t.shape, t.ld, nullptr, views);
    Expected<GroupLayout> groups = drawGroups(t.spec, t.shape, rng);
    if (s && !groups)
      s = groups.error();
    Operands ops;
    if (s)
      s = makeOperands(device, t.spec, t.shape, views, groups->index, rng, ops);
    if (s)
      s = ops.device[static_cast<int>(TensorId::D)].fillBytes(0xff);
    if (s)
      s = groups->grouped()
              ? gpuRef->runGroups(t.spec, ops.args, groups->rows, *stream)
              : gpuRef->run(t.spec, ops.args, *stream);
    if (s)
      s = stream->synchronize();
    const int di = static_cast<int>(TensorId::D);
    HostTensor &d = *ops.host[di];
    if (s)
      s = ops.device[di].download(
          d.data.data(), d.bytes(),
          static_cast<std::size_t>(ops.layout[di].guardBytes));
    std::vector<float> ref;
    if (s) {
      const HostTensor *tensors[kNumTensors] = {};
      for (int i = 0; i < kNumTensors; ++i)
        tensors[i] = ops.host[i] ? &*ops.host[i] : nullptr;
      s = groups->grouped()
              ? cpuGroupedReference(t.spec, t.shape, tensors, groups->rows, ref)
              : cpuReference(t.spec, t.shape, tensors, ref);
    }
    if (!s)
      return fail(kExitFailed, strCat("self-test ", index, ": ", s.message()));
    // Grouped: the valid rows of all of D's rows.
    CompareResult r =
        compareOutput(t.spec.d, GemmShape{d.view.rows, t.shape.n, t.shape.k}, d,
                      ref.data(), groups->grouped() ? &groups->valid : nullptr);
    double tol = selfTestTolerance(t.spec.d.dtype);
    bool ok = r.passed(tol);
    allPassed &= ok;
    std::printf("  %d. m=%lld n=%lld k=%lld %s: rel_err=%.3e (tol %.0e) "
                "nan=%lld %s\n",
                index, static_cast<long long>(t.shape.m),
                static_cast<long long>(t.shape.n),
                static_cast<long long>(t.shape.k), t.what, r.relErr, tol,
                static_cast<long long>(r.nanCount), ok ? "PASS" : "FAIL");
  }
  std::printf("self-test %s\n", allPassed ? "passed" : "FAILED");
  return allPassed ? kExitOk : kExitFailed;
}

//===----------------------------------------------------------------------===//
// Compiling a spec
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_COMPILER_LIBRARY
#define HOPGEMM_COMPILER_LIBRARY ""
#endif

/// Compiles the one kernel of the spec at `path` into `ptx` and `meta`.
/// libhopgemm.so is loaded at run time, through its C API, so that gemm-run
/// itself never links LLVM and can still be carried to GPU machines.
Status compileSpec(const std::string &path, std::string &ptx,
                   std::string &meta) {
  Expected<std::string> spec = readFile(path);
  if (!spec)
    return spec.error();
  const char *env = std::getenv("HOPGEMM_LIBRARY");
  std::string library = env && *env ? env : HOPGEMM_COMPILER_LIBRARY;
  if (library.empty())
    return Status::errorf("this gemm-run was built without the compiler: "
                          "compile ",
                          path,
                          " with gemm-opt --gemm-to-ptx, or set "
                          "HOPGEMM_LIBRARY to libhopgemm.so");
  // Never closed: LLVM inside it does not support being unloaded.
  void *lib = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *why = dlerror();
    return Status::errorf("cannot load the compiler library: ",
                          why ? why : library);
  }
#define HOPGEMM_SYMBOL(name)                                                   \
  auto name = reinterpret_cast<decltype(&::name)>(dlsym(lib, #name));
  HOPGEMM_SYMBOL(hopgemm_c_api_version)
  HOPGEMM_SYMBOL(hopgemm_compiler_create)
  HOPGEMM_SYMBOL(hopgemm_compiler_destroy)
  HOPGEMM_SYMBOL(hopgemm_compile)
  HOPGEMM_SYMBOL(hopgemm_compiled_count)
  HOPGEMM_SYMBOL(hopgemm_compiled_ptx)
  HOPGEMM_SYMBOL(hopgemm_compiled_metadata)
  HOPGEMM_SYMBOL(hopgemm_compiled_destroy)
  HOPGEMM_SYMBOL(hopgemm_string_free)
#undef HOPGEMM_SYMBOL
  if (!hopgemm_compiler_create || !hopgemm_compiler_destroy ||
      !hopgemm_compile || !hopgemm_compiled_count || !hopgemm_compiled_ptx ||
      !hopgemm_compiled_metadata || !hopgemm_compiled_destroy ||
      !hopgemm_string_free)
    return Status::errorf(library, " has no compiler (is it libhopgemm.so?)");
  if (!hopgemm_c_api_version ||
      hopgemm_c_api_version() != HOPGEMM_C_API_VERSION)
    return Status::errorf(library, " implements another C API version than ",
                          "this gemm-run (", HOPGEMM_C_API_VERSION,
                          "); rebuild them together");

  hopgemm_compiler compiler = nullptr;
  hopgemm_compiled compiled = nullptr;
  char *error = nullptr;
  Status status = Status::success();
  if (hopgemm_compiler_create(nullptr, &compiler, &error) != HOPGEMM_OK ||
      hopgemm_compile(compiler, spec->c_str(), path.c_str(), &compiled,
                      &error) != HOPGEMM_OK) {
    status = Status::error(error ? error : "compilation failed");
  } else if (size_t n = hopgemm_compiled_count(compiled); n != 1) {
    status = Status::errorf(path, " holds ", n, " kernels; gemm-run runs one");
  } else {
    ptx = hopgemm_compiled_ptx(compiled, 0);
    meta = hopgemm_compiled_metadata(compiled, 0);
  }
  hopgemm_string_free(error);
  if (compiled)
    hopgemm_compiled_destroy(compiled);
  if (compiler)
    hopgemm_compiler_destroy(compiler);
  return status;
}

//===----------------------------------------------------------------------===//
// Checking a kernel's runs
//===----------------------------------------------------------------------===//

/// Uploads D poisoned (NaN elements, canary guards and padding), runs the
/// kernel and waits for it.
Status runPoisoned(Kernel &kernel, const Stream &stream, Operands &ops,
                   const std::string &entry) {
  const int d = static_cast<int>(TensorId::D);
  HOPGEMM_RETURN_IF_ERROR(
      ops.device[d].upload(ops.before[d].data(), ops.before[d].size()));
  HOPGEMM_RETURN_IF_ERROR(kernel.launch(ops.args, stream));
  return stream.synchronize().withContext(strCat("kernel ", entry, " failed"));
}

/// Downloads D's whole buffer, guards included, into `dBuffer`, and checks
/// the canaries of D and C: `damage` names the first damaged byte, or stays
/// empty.
Status checkCanaries(const Operands &ops, std::vector<std::uint8_t> &dBuffer,
                     std::string &damage) {
  std::vector<std::uint8_t> cBuffer;
  for (TensorId id : {TensorId::D, TensorId::C}) {
    const int i = static_cast<int>(id);
    if (ops.before[i].empty())
      continue;
    std::vector<std::uint8_t> &after = id == TensorId::D ? dBuffer : cBuffer;
    after.resize(ops.before[i].size());
    HOPGEMM_RETURN_IF_ERROR(ops.device[i].download(after.data(), after.size()));
    if (std::optional<std::int64_t> bad = ops.layout[i].firstDamagedByte(
            ops.before[i].data(), after.data(), id == TensorId::D)) {
      damage = ops.layout[i].describeDamage(*bad, tensorName(id));
      return Status::success();
    }
  }
  return Status::success();
}

/// What --check found.
struct CheckFindings {
  CompareResult numerics;
  bool usedGpuReference = false;
  /// The first canary damage and its run; empty when every canary survived.
  std::string canary;
  std::int64_t canaryRun = 0;
  /// The first run whose D differs from run 1's, and how.
  BitwiseDiff diff;
  std::int64_t diffRun = 0;
  /// Grouped kernels: each group's comparison (no elements for a group
  /// without valid rows) and, M-grouped, the first written row that must
  /// keep the poison, in run 1; empty when none.
  bool grouped = false;
  std::vector<CompareResult> groups;
  bool checkUnwritten = false;
  std::string unwritten;
};

/// Checks the canaries after run 1 (already run) and after runs 2 to
/// --repeat, each on a freshly poisoned D, and compares every later D bit
/// for bit with run 1's, which it leaves in D's host copy.
Status runChecks(const Options &opts, Kernel &kernel, const Stream &stream,
                 const std::string &entry, Operands &ops, CheckFindings &f) {
  const int d = static_cast<int>(TensorId::D);
  HostTensor &first = *ops.host[d];
  std::vector<std::uint8_t> dBuffer;
  for (std::int64_t run = 1; run <= opts.repeat; ++run) {
    if (run > 1)
      HOPGEMM_RETURN_IF_ERROR(runPoisoned(kernel, stream, ops, entry));
    std::string damage;
    HOPGEMM_RETURN_IF_ERROR(checkCanaries(ops, dBuffer, damage));
    if (!damage.empty() && f.canary.empty()) {
      f.canary = damage;
      f.canaryRun = run;
    }
    const std::uint8_t *elements = dBuffer.data() + ops.layout[d].guardBytes;
    if (run == 1) {
      std::memcpy(first.data.data(), elements, first.bytes());
      continue;
    }
    BitwiseDiff diff = compareBitwise(first.view, first.data.data(), elements);
    if (diff.count != 0 && f.diff.count == 0) {
      f.diff = diff;
      f.diffRun = run;
    }
  }
  return Status::success();
}

/// "canary: ..." above the result line, and check.canary in the JSON.
json::Value reportCanary(const Options &opts, const CheckFindings &f,
                         std::string &details) {
  bool intact = f.canary.empty();
  std::string message = intact ? "intact" : f.canary;
  if (!intact && opts.repeat > 1)
    message += strCat(" in run ", f.canaryRun);
  details += strCat("canary: ", intact ? "" : "FAIL: ", message, "\n");
  json::Value canary = json::Object{};
  canary.set("intact", intact);
  canary.set("message", message);
  return canary;
}

/// "unwritten: ..." above the result line, and check.unwritten in the JSON.
json::Value reportUnwritten(const CheckFindings &f, std::string &details) {
  bool intact = f.unwritten.empty();
  std::string message = intact ? "padding rows intact" : f.unwritten;
  details += strCat("unwritten: ", intact ? "" : "FAIL: ", message, "\n");
  json::Value unwritten = json::Object{};
  unwritten.set("intact", intact);
  unwritten.set("message", message);
  return unwritten;
}

/// Each group's rel_err, so that one wrong group (e.g. an empty K group
/// that is not C) cannot hide in the norm of the others: "group rel_err:
/// ..." above the result line, check.group_rel_err and check.worst_group in
/// the JSON. Returns whether every group passed.
bool reportGroupErrors(const Options &opts, const CheckFindings &f,
                       std::string &details, json::Value &check) {
  std::string list;
  json::Array errors;
  std::int64_t worst = -1;
  bool ok = true;
  for (std::size_t g = 0; g < f.groups.size(); ++g) {
    const CompareResult &r = f.groups[g];
    list += g ? ", " : "";
    if (r.elements == 0) {
      list += "-";
      errors.push_back(json::Value());
      continue;
    }
    list += formatDouble("%.3e", r.relErr);
    errors.push_back(json::Value(r.relErr));
    ok &= r.passed(opts.tolerance);
    if (worst < 0 || !(r.relErr <= f.groups[worst].relErr))
      worst = static_cast<std::int64_t>(g);
  }
  details += strCat("group rel_err: ", ok ? "" : "FAIL: ", "[", list, "]");
  if (worst >= 0)
    details += strCat(", worst ", formatDouble("%.3e", f.groups[worst].relErr),
                      " (group ", worst, ")");
  details += "\n";
  check.set("group_rel_err", json::Value(std::move(errors)));
  if (worst >= 0)
    check.set("worst_group", worst);
  return ok;
}

/// "determinism: ..." above the result line, and check.determinism in the
/// JSON.
json::Value reportDeterminism(const Options &opts, const CheckFindings &f,
                              std::string &details) {
  bool identical = f.diff.count == 0;
  std::string message =
      identical
          ? strCat(opts.repeat, " runs bit-identical")
          : strCat("run ", f.diffRun, " differs from run 1 in ", f.diff.count,
                   " of ", f.numerics.elements, " elements, first at row ",
                   f.diff.firstRow, ", column ", f.diff.firstCol);
  details += strCat("determinism: ", identical ? "" : "FAIL: ", message, "\n");
  json::Value determinism = json::Object{};
  determinism.set("runs", opts.repeat);
  determinism.set("identical", identical);
  determinism.set("differing_elements", f.diff.count);
  if (!identical) {
    determinism.set("first_row", f.diff.firstRow);
    determinism.set("first_col", f.diff.firstCol);
  }
  determinism.set("message", message);
  return determinism;
}

/// Adds the findings to the result line, the lines above it and the JSON;
/// returns whether every check passed.
bool reportCheck(const Options &opts, const CheckFindings &f, std::string &line,
                 std::string &details, json::Value &result) {
  const CompareResult &r = f.numerics;
  json::Value check = json::Object{};
  bool ok = r.passed(opts.tolerance) && f.canary.empty() && f.diff.count == 0 &&
            f.unwritten.empty();
  if (f.grouped)
    ok &= reportGroupErrors(opts, f, details, check);
  line +=
      strCat(" ", ok ? "PASS" : "FAIL",
             " rel_err=", formatDouble("%.3e", r.relErr), " nan=", r.nanCount);
  if (r.infCount)
    line += strCat(" inf=", r.infCount);
  if (r.badRefCount)
    line += strCat(" bad_ref=", r.badRefCount);
  check.set("pass", ok);
  check.set("rel_err", r.relErr);
  check.set("max_abs_err", r.maxAbsErr);
  check.set("nan_count", r.nanCount);
  check.set("inf_count", r.infCount);
  check.set("bad_ref_count", r.badRefCount);
  check.set("elements", r.elements);
  check.set("tolerance", opts.tolerance);
  check.set("reference", f.usedGpuReference ? "gpu" : "cpu");
  check.set("canary", reportCanary(opts, f, details));
  if (f.checkUnwritten)
    check.set("unwritten", reportUnwritten(f, details));
  if (opts.repeat > 1)
    check.set("determinism", reportDeterminism(opts, f, details));
  result.set("check", check);
  return ok;
}

//===----------------------------------------------------------------------===//
// Running a kernel
//===----------------------------------------------------------------------===//

/// "groups: ..." above the result line, and the groups in the JSON
/// (group_rows, or group_k for k_contiguous).
void reportGroups(const GroupLayout &groups, std::string &details,
                  json::Value &result) {
  std::string sizes;
  json::Array rows;
  for (std::int64_t size : groups.sizes) {
    sizes += strCat(sizes.empty() ? "" : ", ", size);
    rows.push_back(json::Value(size));
  }
  const bool k = groups.kGrouped();
  details +=
      strCat("groups: ", groups.sizes.size(), " ",
             groupingKindName(groups.kind), k ? ", k [" : ", rows [", sizes,
             k ? "], in blocks of " : "], padded to ", groups.alignment, "\n");
  result.set("grouping", groupingKindName(groups.kind));
  result.set("groups", static_cast<std::int64_t>(groups.sizes.size()));
  result.set(k ? "group_k" : "group_rows", json::Value(std::move(rows)));
}

int runKernel(const Options &opts) {
  // Everything that can be checked without a GPU comes first.
  bool isSpec =
      opts.kernelPath.size() > 5 &&
      opts.kernelPath.compare(opts.kernelPath.size() - 5, 5, ".mlir") == 0;
  std::string metaPath =
      opts.metaPath.empty() ? defaultMetaPath(opts.kernelPath) : opts.metaPath;
  Expected<std::string> metaText = std::string();
  Expected<std::string> image = std::string();
  if (isSpec) {
    if (!opts.metaPath.empty())
      return fail(kExitUsage, "--meta does not apply to a .mlir spec");
    metaPath = opts.kernelPath;
    if (Status s = compileSpec(opts.kernelPath, *image, *metaText); !s)
      return fail(kExitUsage, s.message());
  } else {
    metaText = readFile(metaPath);
  }
  if (!metaText)
    return fail(kExitUsage, metaText.message());
  Expected<KernelMeta> metaOr = KernelMeta::parse(*metaText);
  if (!metaOr)
    return fail(kExitUsage, metaPath + ": " + metaOr.message());
  const KernelMeta &meta = *metaOr;

  GemmArgs sizes;
  sizes.m = opts.m;
  sizes.n = opts.n;
  sizes.k = opts.k;
  sizes.groups = opts.groups;
  if (meta.operands.grouping.grouped() && opts.groups == 0)
    sizes.groups = kDefaultGroups;
  static const char *const names[] = {"n", "k"};
  std::int64_t *given[] = {&sizes.n, &sizes.k};
  for (int i = 0; i < 2; ++i) {
    if (*given[i] != 0)
      continue;
    if (meta.shape[i + 1] == -1)
      return fail(kExitUsage, strCat("--", names[i],
                                     " is required (the "
                                     "kernel's ",
                                     names[i], " is dynamic)"));
    *given[i] = meta.shape[i + 1];
  }
  Expected<GemmShape> shapeOr = resolveShape(meta, sizes);
  if (!shapeOr)
    return fail(kExitUsage, shapeOr.message());
  const GemmShape shape = *shapeOr;
  std::uint64_t seed = opts.haveSeed ? opts.seed : std::random_device()();
  std::mt19937_64 rng(seed);
  Expected<GroupLayout> groupsOr = drawGroups(meta.operands, shape, rng);
  if (!groupsOr)
    return fail(kExitUsage, groupsOr.message());
  const GroupLayout &groups = *groupsOr;
  for (TensorId id : {TensorId::A, TensorId::B, TensorId::C, TensorId::D})
    if (opts.ld[static_cast<int>(id)] != 0 && !meta.operands.hasTensor(id))
      return fail(kExitUsage, strCat("--ld", tensorName(id),
                                     " given but the kernel has no tensor ",
                                     tensorName(id)));
  bool pointerPassed[kNumTensors] = {};
  for (const ParamSpec &p : meta.params)
    if (p.kind == ParamKind::Pointer)
      pointerPassed[static_cast<int>(p.tensor)] = true;
  TensorView views[kNumTensors];
  if (Status s =
          computeViews(meta.operands, shape, opts.ld, pointerPassed, views);
      !s)
    return fail(kExitUsage, s.message());
  if (Status s = checkHostMemory(meta.operands, shape, views); !s)
    return fail(kExitUsage, s.message());
  {
    // A dry run of the launch plan on an idealized Hopper catches TMA
    // constraint violations (e.g. a padded stride that is not a multiple of
    // 16 bytes) before any GPU work.
    GemmArgs dry = sizes;
    for (int i = 0; i < kNumTensors; ++i) {
      auto id = static_cast<TensorId>(i);
      if (meta.operands.hasTensor(id)) {
        dry.tensor(id).ptr = DevicePtr(1) << 40;
        dry.tensor(id).ld = views[i].rowStride;
      }
    }
    DeviceLimits ideal;
    ideal.name = "any sm_90 device";
    ideal.ccMajor = 9;
    ideal.smCount = 132;
    ideal.maxSmemPerBlockOptin = meta.smemBytes;
    Expected<LaunchPlan> plan = planLaunch(meta, dry, ideal);
    if (!plan)
      return fail(kExitUsage, plan.message());
  }
  if (!isSpec)
    image = readFile(opts.kernelPath);
  if (!image)
    return fail(kExitUsage, image.message());

  GpuContext gpu;
  if (int rc = openGpu(opts.device, gpu))
    return rc;
  const Device &device = *gpu.device;
  Expected<Module> module = Module::loadImage(device, *image);
  if (!module)
    return fail(kExitFailed, opts.kernelPath + ": " + module.message());
  Expected<Kernel> kernelOr = Kernel::create(device, module.take(), meta);
  if (!kernelOr)
    return fail(kExitFailed, kernelOr.message());
  Kernel &kernel = *kernelOr;
  Expected<Stream> streamOr = Stream::create(device);
  if (!streamOr)
    return fail(kExitFailed, streamOr.message());
  const Stream &stream = *streamOr;

  Operands ops;
  if (Status s = makeOperands(device, meta.operands, shape, views, groups.index,
                              rng, ops, opts.normalData);
      !s)
    return fail(kExitFailed, s.message());

  std::string line =
      strCat(meta.name, " m=", shape.m, " n=", shape.n, " k=", shape.k,
             groups.grouped() ? strCat(" groups=", shape.groups) : "",
             " seed=", seed, ":");
  // Lines printed before `line`, which stays the last line of the output.
  std::string details;
  json::Value result = json::Object{};
  if (groups.grouped())
    reportGroups(groups, details, result);
  result.set("kernel", meta.name);
  result.set("kernel_file", opts.kernelPath);
  result.set("device", device.limits().name);
  result.set("m", shape.m);
  result.set("n", shape.n);
  result.set("k", shape.k);
  result.set("seed", strCat(seed));
  bool passed = true;

  // Always run once, poisoned and synchronized: a kernel that faults is
  // reported here rather than in the middle of timing.
  if (Status s = runPoisoned(kernel, stream, ops, meta.entry); !s)
    return fail(kExitFailed, s.message());

  if (opts.check) {
    CheckFindings findings;
    if (Status s = runChecks(opts, kernel, stream, meta.entry, ops, findings);
        !s)
      return fail(kExitFailed, s.message());
    std::vector<float> ref;
    if (Status s =
            computeReference(device, stream, meta.operands, shape, groups, ops,
                             ref, findings.usedGpuReference);
        !s)
      return fail(kExitFailed, s.message());
    const HostTensor &d = *ops.host[static_cast<int>(TensorId::D)];
    // Grouped: the valid rows of all of D's rows.
    const GemmShape compared{d.view.rows, shape.n, shape.k};
    findings.grouped = groups.grouped();
    // A K-grouped kernel writes every row of D.
    findings.checkUnwritten = findings.grouped && !groups.kGrouped();
    if (findings.checkUnwritten)
      findings.unwritten = firstWrittenRow(groups, d);
    findings.numerics =
        compareOutput(meta.operands.d, compared, d, ref.data(),
                      findings.grouped ? &groups.valid : nullptr);
    if (findings.grouped)
      findings.groups =
          compareGroups(groups, meta.operands.d, compared, d, ref.data());
    passed &= reportCheck(opts, findings, line, details, result);
  }

  if (opts.bench) {
    Expected<DeviceBuffer> scratch =
        DeviceBuffer::allocate(device, kL2FlushBytes);
    Expected<Event> start = Event::create(device);
    Expected<Event> stop = Event::create(device);
    if (!scratch || !start || !stop)
      return fail(kExitFailed, !scratch ? scratch.message()
                               : !start ? start.message()
                                        : stop.message());
    for (std::int64_t i = 0; i < opts.warmup; ++i)
      if (Status s = kernel.launch(ops.args, stream); !s)
        return fail(kExitFailed, s.message());
    std::vector<double> times;
    for (std::int64_t i = 0; i < opts.iters; ++i) {
      // The flush is outside the timed region; it evicts A and B from L2 so
      // every run reads them from HBM, as in a real model.
      Status s = stream.memsetD32(scratch->ptr(), static_cast<std::uint32_t>(i),
                                  kL2FlushBytes / 4);
      if (s)
        s = start->record(stream);
      if (s)
        s = kernel.launch(ops.args, stream);
      if (s)
        s = stop->record(stream);
      if (s)
        s = stop->synchronize();
      if (!s)
        return fail(kExitFailed, s.message());
      Expected<float> ms = Event::elapsedMs(*start, *stop);
      if (!ms)
        return fail(kExitFailed, ms.message());
      times.push_back(*ms);
    }
    std::sort(times.begin(), times.end());
    size_t n = times.size();
    double median =
        n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    // K-grouped: M x N x the sum of the groups' K.
    const std::int64_t rows =
        groups.grouped() && !groups.kGrouped() ? groups.validRows() : shape.m;
    double flops = 2.0 * double(rows) * double(shape.n) * double(shape.k);
    double tflops = flops / (median * 1e-3) / 1e12;
    line += strCat(" ", formatDouble("%.4f", median), " ms ",
                   formatDouble("%.1f", tflops), " TFLOPS (median of ", n, ")");
    json::Value bench = json::Object{};
    bench.set("median_ms", median);
    bench.set("min_ms", times.front());
    bench.set("max_ms", times.back());
    bench.set("tflops", tflops);
    bench.set("iters", static_cast<std::int64_t>(n));
    bench.set("warmup", opts.warmup);
    bench.set("l2_flush_bytes", static_cast<std::int64_t>(kL2FlushBytes));
    result.set("bench", bench);
  }
  if (!opts.check && !opts.bench)
    line += " ran";
  result.set("pass", passed);
  std::printf("%s%s\n", details.c_str(), line.c_str());

  if (!opts.jsonPath.empty()) {
    std::FILE *f = std::fopen(opts.jsonPath.c_str(), "w");
    if (!f)
      return fail(kExitFailed, strCat("cannot write '", opts.jsonPath,
                                      "': ", std::strerror(errno)));
    std::string text = result.toString(2) + "\n";
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok &= std::fclose(f) == 0;
    if (!ok)
      return fail(kExitFailed, strCat("cannot write '", opts.jsonPath, "'"));
  }
  return passed ? kExitOk : kExitFailed;
}

} // namespace

int main(int argc, char **argv) {
  Options opts;
  if (Status s = parseArgs(argc, argv, opts); !s)
    return fail(kExitUsage, s.message());
  if (opts.help) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (opts.deviceInfo)
    return runDeviceInfo(opts);
  if (opts.selfTest)
    return runSelfTest(opts);
  return runKernel(opts);
}
