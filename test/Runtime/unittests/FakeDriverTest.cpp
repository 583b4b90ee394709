//===- FakeDriverTest.cpp - GPU code paths against the fake driver -------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Runs the driver-facing code of the runtime, and gemm-run as a whole,
// against FakeCudaDriver.cpp, which checks every call and emulates the test
// kernels on the CPU. This is what CI (no GPU) knows about the launch path;
// the GPU lit tests (REQUIRES: cuda-gpu) repeat it on real hardware.
//
//===----------------------------------------------------------------------===//

#include "FakeCuda.h"
#include "TestData.h"
#include "TestHarness.h"
#include "hopgemm/Runtime/Json.h"
#include "hopgemm/Runtime/Reference.h"
#include "hopgemm/Runtime/Runtime.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace hopgemm;
using namespace hopgemm::test;

#ifndef HOPGEMM_FAKE_CUDA_PATH
#error "HOPGEMM_FAKE_CUDA_PATH must name the fake driver library"
#endif
#ifndef HOPGEMM_TEST_INPUTS
#error "HOPGEMM_TEST_INPUTS must name test/Runtime/Inputs"
#endif

static const std::string kInputs = HOPGEMM_TEST_INPUTS;

/// The fake driver, opened once (the runtime never unloads a driver).
static Driver *fakeDriver() {
  static Expected<std::unique_ptr<Driver>> driver =
      Driver::open(HOPGEMM_FAKE_CUDA_PATH);
  if (!driver) {
    reportFailure(__FILE__, __LINE__, driver.message());
    return nullptr;
  }
  return driver->get();
}

TEST(fake_device_and_buffers) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  CHECK_EQ(driver->version(), 13000);
  Expected<Device> device = Device::open(*driver, 0);
  CHECK_OK(device);
  if (!device)
    return;
  CHECK_EQ(device->limits().name, std::string("Fake H100"));
  CHECK_EQ(device->limits().ccMajor, 9);
  CHECK_EQ(device->limits().smCount, 132);
  CHECK_ERROR(Device::open(*driver, 1), "device 1 does not exist (1 device "
                                        "found)");

  Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(*device, 64);
  CHECK_OK(buffer);
  if (!buffer)
    return;
  std::vector<std::uint8_t> in(64), out(64);
  for (int i = 0; i < 64; ++i)
    in[i] = static_cast<std::uint8_t>(i * 7);
  CHECK_OK(buffer->upload(in.data(), 64));
  CHECK_OK(buffer->download(out.data(), 64));
  CHECK(in == out);
  CHECK_ERROR(buffer->upload(in.data(), 64, 8),
              "copy of 64 bytes at offset 8 exceeds the 64-byte buffer");
  CHECK_OK(buffer->fillBytes(0xff));
  CHECK_OK(buffer->download(out.data(), 64));
  CHECK_EQ(int(out[63]), 0xff);
  DeviceBuffer moved = buffer.take();
  CHECK(moved.ptr() != 0);

  Expected<Stream> stream = Stream::create(*device);
  Expected<Event> start = Event::create(*device), stop = Event::create(*device);
  CHECK_OK(stream);
  CHECK_OK(start);
  CHECK_OK(stop);
  if (stream && start && stop) {
    CHECK_OK(start->record(*stream));
    CHECK_OK(stop->record(*stream));
    CHECK_OK(stop->synchronize());
    CHECK_OK(Event::elapsedMs(*start, *stop));
  }
}

TEST(fake_module_errors) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  CHECK_ERROR(Module::loadPTX(*device, "garbage"),
              "cuModuleLoadData failed: a PTX JIT compilation failed "
              "(CUDA_ERROR_INVALID_PTX)\nptx jit log:\nptxas fatal   : not a "
              "PTX module");
  Expected<std::string> ptx = readFile(kInputs + "/k.ptx");
  CHECK_OK(ptx);
  if (!ptx)
    return;
  Expected<Module> module = Module::loadImage(*device, *ptx);
  CHECK_OK(module);
  if (!module)
    return;
  CHECK_ERROR(module->function("nope"),
              "kernel entry 'nope' not found in the module: "
              "cuModuleGetFunction failed: named symbol not found "
              "(CUDA_ERROR_NOT_FOUND)");
  CHECK_OK(module->function("fp8_gemm_nt"));
}

TEST(fake_kernel_launch_validates_first) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  Expected<Kernel> kernel = Kernel::loadFiles(*device, kInputs + "/k.ptx");
  CHECK_OK(kernel);
  if (!kernel)
    return;
  CHECK_EQ(kernel->meta().name, std::string("fp8_gemm_nt"));
  // Argument errors come back before anything is launched.
  GemmArgs args;
  args.m = 128;
  args.n = 7168;
  args.k = 2048;
  CHECK_ERROR(kernel->launch(args, nullptr),
              "tensor a is required but its pointer is null");
  CHECK_ERROR(Kernel::loadFiles(*device, kInputs + "/missing.ptx"),
              "cannot open '" + kInputs + "/missing.json'");
}

// Global descriptors are uploaded on the launch stream only when they
// change, and switching streams first waits for the previous one.
TEST(fake_descriptor_uploads_and_stream_switches) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  Expected<Kernel> kernel = Kernel::loadFiles(*device, kInputs + "/k.ptx");
  Expected<Stream> s1 = Stream::create(*device), s2 = Stream::create(*device);
  if (!kernel || !s1 || !s2)
    return;
  GemmArgs args;
  args.m = 4;
  args.n = 7168;
  args.k = 2048;
  std::vector<DeviceBuffer> buffers;
  for (TensorId id :
       {TensorId::A, TensorId::B, TensorId::D, TensorId::SA, TensorId::SB}) {
    Expected<DeviceBuffer> b = DeviceBuffer::allocate(*device, 16 << 20);
    if (!b)
      return;
    args.tensor(id).ptr = b->ptr();
    buffers.push_back(b.take());
  }
  FakeCounters before = fakeCounters();
  CHECK_OK(kernel->launch(args, *s1));
  CHECK_OK(kernel->launch(args, *s1));
  FakeCounters c = fakeCounters();
  CHECK_EQ(c.launches - before.launches, 2);
  CHECK_EQ(c.uploads - before.uploads, 1);
  CHECK_EQ(c.syncs - before.syncs, 0);
  CHECK_OK(kernel->launch(args, *s2));
  c = fakeCounters();
  CHECK_EQ(c.uploads - before.uploads, 1);
  CHECK_EQ(c.syncs - before.syncs, 1);
  args.m = 8;
  CHECK_OK(kernel->launch(args, *s2));
  c = fakeCounters();
  CHECK_EQ(c.uploads - before.uploads, 2);
  CHECK_EQ(c.syncs - before.syncs, 1);
}

namespace {
/// A stream as the fake's trace names it.
std::string traced(const Stream &stream) {
  return "s" +
         std::to_string(reinterpret_cast<std::uintptr_t>(stream.handle()));
}

/// The fake's splitk_gemm: 16x16 tiles, 4-byte counters and two 16x16 f32
/// partials per tile.
const char *const kSplitKPtx = ".version 8.0\n.target sm_90a\n"
                               ".visible .entry splitk_gemm()\n{\n ret;\n}\n";
const char *const kSplitKMeta = R"({
  "format_version": 1, "name": "splitk_gemm", "entry": "splitk_gemm",
  "target": "sm_90a", "shape": [-1, 32, 64],
  "a": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "none"},
  "b": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "none"},
  "d": {"dtype": "f32", "major": "n_major"},
  "tile": [16, 16, 32], "block": [128, 1, 1], "smem_bytes": 0,
  "grid": "tiles", "split_k": 2,
  "params": [
    {"kind": "pointer", "tensor": "a"}, {"kind": "pointer", "tensor": "b"},
    {"kind": "pointer", "tensor": "d"},
    {"kind": "workspace", "counter_bytes_per_tile": 4,
     "partial_bytes_per_tile": 2048},
    {"kind": "i32", "value": "m"}, {"kind": "i32", "value": "n"},
    {"kind": "i32", "value": "k"}
  ]
})";

/// The fake's streamk_gemm: splitk_gemm's tiles in K blocks of 32 on a
/// stream-K grid, 4-byte counters per tile and one 16x16 f32 partial per
/// CTA.
const char *const kStreamKPtx = ".version 8.0\n.target sm_90a\n"
                                ".visible .entry streamk_gemm()\n{\n ret;\n}\n";
const char *const kStreamKMeta = R"({
  "format_version": 1, "name": "streamk_gemm", "entry": "streamk_gemm",
  "target": "sm_90a", "shape": [-1, 32, 128],
  "a": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "none"},
  "b": {"dtype": "f8E4M3FN", "major": "k_major", "scale": "none"},
  "d": {"dtype": "f32", "major": "n_major"},
  "tile": [16, 16, 32], "cluster": [1, 1], "schedule": "stream_k",
  "block": [128, 1, 1], "smem_bytes": 0, "grid": "stream_k",
  "params": [
    {"kind": "pointer", "tensor": "a"}, {"kind": "pointer", "tensor": "b"},
    {"kind": "pointer", "tensor": "d"},
    {"kind": "workspace", "counter_bytes_per_tile": 4,
     "partial_bytes_per_tile": 0, "partial_bytes_per_cta": 1024},
    {"kind": "i32", "value": "m"}, {"kind": "i32", "value": "n"},
    {"kind": "i32", "value": "k"}
  ]
})";

/// The split-K (or stream-K) kernel's arguments for the first `m` rows of
/// `buffers` (indexed by TensorId).
GemmArgs splitKArgs(std::int64_t m, const std::vector<DeviceBuffer> &buffers,
                    std::int64_t k = 64) {
  GemmArgs args;
  args.m = m;
  args.n = 32;
  args.k = k;
  for (TensorId id : {TensorId::A, TensorId::B, TensorId::D})
    args.tensor(id).ptr = buffers[static_cast<int>(id)].ptr();
  return args;
}

/// One of the fake's kernels, `ptx` with `metaText`, loaded on `device`.
Expected<Kernel> fakeKernel(const Device &device, const char *ptx,
                            const std::string &metaText) {
  Expected<Module> module = Module::loadPTX(device, ptx);
  if (!module)
    return module.error();
  Expected<KernelMeta> meta = KernelMeta::parse(metaText);
  if (!meta)
    return meta.error();
  return Kernel::create(device, module.take(), meta.take());
}

/// The fake's split-K kernel, loaded on `device`.
Expected<Kernel> splitKKernel(const Device &device) {
  return fakeKernel(device, kSplitKPtx, kSplitKMeta);
}

/// Launches the split-K (or stream-K) kernel for the first `m` rows, checks
/// the driver calls it made and D against the CPU reference of `hosts` (a,
/// b).
void checkSplitKLaunch(Kernel &kernel, std::int64_t m,
                       const std::vector<HostTensor> &hosts,
                       std::vector<DeviceBuffer> &buffers, const Stream &stream,
                       const std::string &expectedTrace) {
  GemmArgs args = splitKArgs(m, buffers, kernel.meta().shape[2]);
  GemmShape shape{args.m, args.n, args.k};
  DeviceBuffer &d = buffers[static_cast<int>(TensorId::D)];
  CHECK_OK(d.fillBytes(0xff)); // NaN
  size_t before = fakeTrace().size();
  CHECK_OK(kernel.launch(args, stream));
  CHECK_EQ(fakeTrace().substr(before), expectedTrace);

  const GemmSpec &spec = kernel.meta().operands;
  HostTensor out = HostTensor::allocate(defaultView(spec, TensorId::D, shape));
  CHECK_OK(d.download(out.data.data(), out.bytes()));
  // A's first m rows (it is K-major).
  HostTensor a = HostTensor::allocate(defaultView(spec, TensorId::A, shape));
  std::copy_n(hosts[0].data.begin(), a.bytes(), a.data.begin());
  const HostTensor *tensors[kNumTensors] = {};
  tensors[static_cast<int>(TensorId::A)] = &a;
  tensors[static_cast<int>(TensorId::B)] = &hosts[1];
  std::vector<float> ref;
  Status s = cpuReference(spec, shape, tensors, ref);
  CHECK_OK(s);
  if (!s)
    return;
  CompareResult r = compareOutput(spec.d, shape, out, ref.data());
  CHECK_EQ(r.nanCount, std::int64_t(0));
  CHECK(r.relErr < 1e-5);
}
} // namespace

// Random A and B and an output D of `shape`, on the host (`hosts`: A, B, D)
// and uploaded (`buffers`, by tensor id). False where an allocation failed.
static bool uploadInputs(Device &device, const KernelMeta &meta,
                         GemmShape shape, std::uint64_t seed,
                         std::vector<HostTensor> &hosts,
                         std::vector<DeviceBuffer> &buffers) {
  std::mt19937_64 rng(seed);
  RandomOptions random = RandomOptions::forOutput(DType::F32);
  for (TensorId id : {TensorId::A, TensorId::B, TensorId::D}) {
    HostTensor host =
        HostTensor::allocate(defaultView(meta.operands, id, shape));
    if (id != TensorId::D)
      fillRandomInput(host, rng, random);
    Expected<DeviceBuffer> buffer =
        DeviceBuffer::allocate(device, host.bytes());
    if (!buffer)
      return false;
    CHECK_OK(buffer->upload(host.data.data(), host.bytes()));
    buffers[static_cast<int>(id)] = buffer.take();
    hosts.push_back(std::move(host));
  }
  return true;
}

// A split-K kernel gets a workspace whose counters are zero at launch (the
// fake's kernel checks them and every access): allocated and zeroed on the
// launch stream by the first launch, reused as is, grown for a larger M, and
// never touched by two streams at once.
TEST(fake_split_k_workspace) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  Expected<Stream> s1 = Stream::create(*device), s2 = Stream::create(*device);
  Expected<Kernel> kernel = splitKKernel(*device);
  CHECK_OK(kernel);
  if (!s1 || !s2 || !kernel)
    return;

  // Inputs for the largest M; smaller launches use their first rows.
  std::vector<HostTensor> hosts;
  std::vector<DeviceBuffer> buffers(kNumTensors);
  if (!uploadInputs(*device, kernel->meta(), {100, 32, 64}, 7, hosts, buffers))
    return;

  // m 40: 3 x 2 tiles, 24 counter bytes padded to 256, 6 x 2048 partial bytes.
  std::string launch1 = "launch " + traced(*s1) + " splitk_gemm\n";
  std::string launch2 = "launch " + traced(*s2) + " splitk_gemm\n";
  checkSplitKLaunch(*kernel, 40, hosts, buffers, *s1,
                    "alloc 12544\nmemset " + traced(*s1) + " 256\n" + launch1);
  // The kernel left the counters zero: nothing to do.
  checkSplitKLaunch(*kernel, 40, hosts, buffers, *s1, launch1);
  checkSplitKLaunch(*kernel, 17, hosts, buffers, *s1, launch1);
  // Another stream waits for the last one.
  checkSplitKLaunch(*kernel, 40, hosts, buffers, *s2,
                    "sync " + traced(*s1) + "\n" + launch2);
  // m 100: 7 x 2 tiles need 256 + 14 x 2048 bytes. The old buffer goes once
  // the stream that may still use it is done.
  checkSplitKLaunch(*kernel, 100, hosts, buffers, *s2,
                    "sync " + traced(*s2) +
                        "\nfree 12544\nalloc 28928\nmemset " + traced(*s2) +
                        " 256\n" + launch2);
  checkSplitKLaunch(*kernel, 100, hosts, buffers, *s1,
                    "sync " + traced(*s2) + "\n" + launch1);
  Expected<LaunchPlan> plan = kernel->plan(splitKArgs(100, buffers));
  CHECK_OK(plan);
  if (plan)
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(28928));
}

// A stream-K kernel gets one CTA per SM however few the tiles, and a
// workspace of counters for the tiles and partials for the CTAs, zero
// counters at launch (the fake's kernel checks them and every access); it
// grows with the counters. With 2-CTA clusters the grid is the 60 clusters
// that fit at once (the fake's cuOccupancyMaxActiveClusters).
TEST(fake_stream_k_workspace) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  Expected<Stream> s1 = Stream::create(*device);
  Expected<Kernel> kernel = fakeKernel(*device, kStreamKPtx, kStreamKMeta);
  Expected<Kernel> clustered =
      fakeKernel(*device, kStreamKPtx,
                 replaceOnce(kStreamKMeta, R"("cluster": [1, 1])",
                             R"("cluster": [2, 1])"));
  CHECK_OK(kernel);
  CHECK_OK(clustered);
  if (!s1 || !kernel || !clustered)
    return;

  // Inputs for the largest M; smaller launches use their first rows.
  std::vector<HostTensor> hosts;
  std::vector<DeviceBuffer> buffers(kNumTensors);
  if (!uploadInputs(*device, kernel->meta(), {2200, 32, 128}, 11, hosts,
                    buffers))
    return;

  // m 40: 3 x 2 tiles on 132 CTAs, 24 counter bytes padded to 256, then
  // 132 x 1024 partial bytes.
  Expected<LaunchPlan> plan = kernel->plan(splitKArgs(40, buffers, 128));
  CHECK_OK(plan);
  if (plan) {
    CHECK_EQ(plan->tiles, std::int64_t(6));
    CHECK_EQ(plan->grid[0], 132u);
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(256 + 132 * 1024));
  }
  std::string launch1 = "launch " + traced(*s1) + " streamk_gemm\n";
  checkSplitKLaunch(*kernel, 40, hosts, buffers, *s1,
                    "alloc 135424\nmemset " + traced(*s1) + " 256\n" + launch1);
  // The kernel left the counters zero: nothing to do.
  checkSplitKLaunch(*kernel, 40, hosts, buffers, *s1, launch1);
  checkSplitKLaunch(*kernel, 1, hosts, buffers, *s1, launch1);
  // m 600: 38 x 2 tiles, 304 counter bytes padded to 512.
  checkSplitKLaunch(*kernel, 600, hosts, buffers, *s1,
                    "sync " + traced(*s1) +
                        "\nfree 135424\nalloc 135680\nmemset " + traced(*s1) +
                        " 512\n" + launch1);
  // m 2200: 138 x 2 tiles, two whole rounds and 12 tiles shared out.
  checkSplitKLaunch(*kernel, 2200, hosts, buffers, *s1,
                    "sync " + traced(*s1) +
                        "\nfree 135680\nalloc 136448\nmemset " + traced(*s1) +
                        " 1280\n" + launch1);
  checkSplitKLaunch(*kernel, 40, hosts, buffers, *s1, launch1);

  // 60 clusters of 2: 120 partials.
  plan = clustered->plan(splitKArgs(40, buffers, 128));
  CHECK_OK(plan);
  if (plan) {
    CHECK_EQ(plan->grid[0], 120u);
    CHECK_EQ(plan->workspace.bytes, std::uint64_t(256 + 120 * 1024));
  }
  checkSplitKLaunch(*clustered, 40, hosts, buffers, *s1,
                    "alloc 123136\nmemset " + traced(*s1) + " 256\n" + launch1);
  checkSplitKLaunch(*clustered, 600, hosts, buffers, *s1,
                    "sync " + traced(*s1) +
                        "\nfree 123136\nalloc 123392\nmemset " + traced(*s1) +
                        " 512\n" + launch1);
}

// Launches recorded into a CUDA graph (the fake's global capture mode, where
// allocating and synchronizing fail): nothing waits for the stream of the
// last launch, a workspace must exist before the capture, and one that a
// capture used outlives a larger one, since the graph's replays use it.
TEST(fake_split_k_graph_capture) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  auto *setCapturing =
      fakeCudaSymbol<void(void *, int)>("fakeCudaSetCapturing");
  Expected<Stream> s1 = Stream::create(*device), s2 = Stream::create(*device);
  Expected<Kernel> kernel = splitKKernel(*device);
  CHECK_OK(kernel);
  if (!setCapturing || !s1 || !s2 || !kernel)
    return;
  // Fresh memory (the fake's garbage) as inputs: only the calls are checked.
  std::vector<DeviceBuffer> buffers(kNumTensors);
  for (TensorId id : {TensorId::A, TensorId::B, TensorId::D}) {
    Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(
        *device,
        *defaultView(kernel->meta().operands, id, {100, 32, 64}).extentBytes());
    if (!buffer)
      return;
    buffers[static_cast<int>(id)] = buffer.take();
  }
  auto launch = [&](std::int64_t m, const Stream &stream, bool capture) {
    setCapturing(s2->handle(), capture);
    size_t before = fakeTrace().size();
    Status s = kernel->launch(splitKArgs(m, buffers), stream);
    setCapturing(s2->handle(), 0);
    return std::make_pair(s, fakeTrace().substr(before));
  };
  std::string launch1 = "launch " + traced(*s1) + " splitk_gemm\n";
  std::string capture2 = "capture " + traced(*s2) + " splitk_gemm\n";

  auto [s, calls] = launch(40, *s2, true);
  CHECK(!s.ok());
  CHECK(s.message().find("needs a workspace of 12544 bytes") !=
        std::string::npos);
  CHECK(s.message().find("launch the kernel once") != std::string::npos);
  CHECK_EQ(calls, std::string());
  CHECK_EQ(launch(40, *s1, false).second,
           "alloc 12544\nmemset " + traced(*s1) + " 256\n" + launch1);
  // Recorded without waiting for s1.
  CHECK_EQ(launch(40, *s2, true).second, capture2);
  CHECK_EQ(launch(17, *s2, true).second, capture2);
  CHECK(!launch(100, *s2, true).first.ok());
  // The captured 12544 bytes stay: no free, hence no wait either.
  CHECK_EQ(launch(100, *s1, false).second,
           "alloc 28928\nmemset " + traced(*s1) + " 256\n" + launch1);
  CHECK_EQ(launch(40, *s1, false).second, launch1);
}

// A workspace that cannot be allocated fails the launch, with no leak.
TEST(fake_split_k_workspace_out_of_memory) {
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  if (!device)
    return;
  Expected<Module> module = Module::loadPTX(*device, kSplitKPtx);
  // 6 tiles of 2^31 - 1 partial bytes: more than the fake's 8 GiB.
  Expected<KernelMeta> meta = KernelMeta::parse(
      replaceOnce(kSplitKMeta, R"("partial_bytes_per_tile": 2048)",
                  R"("partial_bytes_per_tile": 2147483647)"));
  CHECK_OK(meta);
  if (!module || !meta)
    return;
  Expected<Kernel> kernel = Kernel::create(*device, module.take(), meta.take());
  Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(*device, 1 << 20);
  if (!kernel || !buffer)
    return;
  GemmArgs args;
  args.m = 48;
  args.n = 32;
  args.k = 64;
  args.a.ptr = args.b.ptr = args.d.ptr = buffer->ptr();
  size_t before = fakeTrace().size();
  CHECK_ERROR(kernel->launch(args, nullptr),
              "workspace: allocating 12884902138 bytes: cuMemAlloc "
              "failed: out of memory (CUDA_ERROR_OUT_OF_MEMORY)");
  CHECK_EQ(fakeTrace().substr(before), std::string());
}

/// Runs the GPU reference (on the fake, its CPU emulation of Reference.cu's
/// decoding) and the CPU reference on random operands of `spec`, every row
/// stride padded by 3 elements, and compares them; `args` gets the launch's
/// arguments.
static void checkGpuReference(const Device &device, const Stream &stream,
                              const GpuReference &ref, const GemmSpec &spec,
                              GemmShape shape, GemmArgs &args,
                              std::vector<DeviceBuffer> &buffers) {
  std::mt19937_64 rng(11);
  RandomOptions random = RandomOptions::forOutput(spec.d.dtype);
  args = GemmArgs();
  args.m = shape.m;
  args.n = shape.n;
  args.k = shape.k;
  std::vector<HostTensor> hosts(kNumTensors);
  buffers.clear();
  buffers.resize(kNumTensors);
  const HostTensor *tensors[kNumTensors] = {};
  for (int i = 0; i < kNumTensors; ++i) {
    auto id = static_cast<TensorId>(i);
    if (!spec.hasTensor(id))
      continue;
    TensorView view = defaultView(spec, id, shape);
    view.rowStride += 3; // padded everywhere
    hosts[i] = HostTensor::allocate(view);
    if (id == TensorId::SA || id == TensorId::SB)
      fillRandomScales(hosts[i], rng, random);
    else
      fillRandomInput(hosts[i], rng, random);
    Expected<DeviceBuffer> buffer =
        DeviceBuffer::allocate(device, hosts[i].bytes());
    if (!buffer)
      return;
    CHECK_OK(buffer->upload(hosts[i].data.data(), hosts[i].bytes()));
    args.tensor(id).ptr = buffer->ptr();
    args.tensor(id).ld = view.rowStride;
    args.tensor(id).bytes = buffer->size();
    tensors[i] = &hosts[i];
    buffers[i] = buffer.take();
  }
  CHECK_OK(ref.run(spec, args, stream));
  HostTensor &d = hosts[static_cast<int>(TensorId::D)];
  CHECK_OK(buffers[static_cast<int>(TensorId::D)].download(d.data.data(),
                                                           d.bytes()));
  std::vector<float> cpu;
  CHECK_OK(cpuReference(spec, shape, tensors, cpu));
  CompareResult r = compareOutput(spec.d, shape, d, cpu.data());
  CHECK_EQ(r.nanCount, std::int64_t(0));
  CHECK(r.relErr < 2e-3);
}

TEST(fake_gpu_reference_matches_cpu_reference) {
  if (!GpuReference::available())
    return;
  Driver *driver = fakeDriver();
  if (!driver)
    return;
  Expected<Device> device = Device::open(*driver, 0);
  Expected<Stream> stream =
      device ? Stream::create(*device) : Expected<Stream>(device.error());
  if (!device || !stream)
    return;
  Expected<GpuReference> ref = GpuReference::load(*device);
  CHECK_OK(ref);
  if (!ref)
    return;

  // Every layout twist the reference parameters encode at once.
  GemmSpec spec;
  spec.a.dtype = DType::F8E4M3FN;
  spec.a.major = Major::K;
  spec.a.scale = ScaleKind::Block;
  spec.a.scaleBlock[0] = 1;
  spec.a.scaleBlock[1] = 16;
  spec.b.dtype = DType::BF16;
  spec.b.major = Major::N;
  spec.b.scale = ScaleKind::Row;
  spec.d.dtype = DType::F16;
  spec.d.major = Major::M;
  spec.c = OperandSpec();
  spec.c->dtype = DType::F32;
  spec.c->major = Major::N;
  GemmArgs args;
  std::vector<DeviceBuffer> buffers;
  checkGpuReference(*device, *stream, *ref, spec, GemmShape{5, 7, 40}, args,
                    buffers);

  // The reference validates its arguments like a kernel launch does.
  args.b.ld = 2;
  CHECK_ERROR(ref->run(spec, args, *stream),
              "tensor b row stride 2 is smaller than its 7 columns");

  // UE8M0 byte scales: [1, 16] on a, [4, 8] on b.
  spec.b.dtype = DType::F8E5M2;
  spec.b.major = Major::K;
  spec.b.scale = ScaleKind::Block;
  spec.b.scaleBlock[0] = 4;
  spec.b.scaleBlock[1] = 8;
  spec.a.scaleDType = spec.b.scaleDType = DType::E8M0;
  spec.d.dtype = DType::F32;
  checkGpuReference(*device, *stream, *ref, spec, GemmShape{21, 9, 40}, args,
                    buffers);
}

//===----------------------------------------------------------------------===//
// gemm-run end to end
//===----------------------------------------------------------------------===//

#ifdef HOPGEMM_GEMM_RUN_PATH
namespace {
struct RunResult {
  int exitCode = -1;
  std::string output;
};

/// A new empty file under /tmp, or "" when none can be made.
std::string tempFile(const std::string &prefix) {
  std::string path = "/tmp/" + prefix + "-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0)
    return "";
  close(fd);
  return path;
}

/// Runs gemm-run on the fake driver with `env` prefixed (VAR=value ...),
/// capturing stdout and stderr.
RunResult gemmRun(const std::string &arguments, const std::string &env = "") {
  std::string outPath = tempFile("hopgemm-fake");
  RunResult r;
  if (outPath.empty())
    return r;
  std::string cmd = "env HOPGEMM_LIBCUDA='" HOPGEMM_FAKE_CUDA_PATH "' " + env +
                    " '" HOPGEMM_GEMM_RUN_PATH "' " + arguments + " >" +
                    outPath + " 2>&1";
  int status = std::system(cmd.c_str());
  if (status != -1 && WIFEXITED(status))
    r.exitCode = WEXITSTATUS(status);
  Expected<std::string> out = readFile(outPath);
  if (out)
    r.output = *out;
  std::remove(outPath.c_str());
  return r;
}

void checkContains(const char *file, int line, const RunResult &r,
                   const std::string &text) {
  if (r.output.find(text) == std::string::npos)
    reportFailure(file, line,
                  "gemm-run output lacks '" + text + "':\n" + r.output);
  // The fake reports leaked driver objects at exit.
  if (r.output.find("fake cuda:") != std::string::npos)
    reportFailure(file, line, "fake driver complained:\n" + r.output);
}
#define CHECK_OUTPUT(r, text) checkContains(__FILE__, __LINE__, r, text)
} // namespace

TEST(gemm_run_fake_tma_kernels_pass) {
  RunResult r =
      gemmRun(kInputs + "/kernels/tma_global_tiles.ptx --m 100 --check "
                        "--seed 1");
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "tma_global_tiles m=100 n=256 k=512 seed=1: PASS rel_err=");
  CHECK_OUTPUT(r, "nan=0");
  r = gemmRun(kInputs + "/kernels/tma_gridconst_persistent_c.ptx --m 70 "
                        "--check --seed 2");
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "tma_gridconst_persistent_c m=70 n=200 k=320 seed=2: PASS");
  // A padded A goes through the descriptor's stride.
  r = gemmRun(kInputs + "/kernels/tma_global_tiles.ptx --m 33 --lda 528 "
                        "--check");
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "PASS");
}

TEST(gemm_run_fake_bench_and_json) {
  std::string jsonPath = tempFile("hopgemm-fake-json");
  if (jsonPath.empty())
    return;
  RunResult r = gemmRun(kInputs +
                        "/kernels/tma_global_tiles.ptx --m 64 "
                        "--check --bench --iters 3 --warmup 1 "
                        "--json " +
                        jsonPath);
  CHECK_EQ(r.exitCode, 0);
  // The fake's events report 0.25 ms: 2 * 64 * 256 * 512 flop take 0.07
  // TFLOPS.
  CHECK_OUTPUT(r, "PASS");
  CHECK_OUTPUT(r, "0.2500 ms 0.1 TFLOPS (median of 3)");
  Expected<std::string> text = readFile(jsonPath);
  std::remove(jsonPath.c_str());
  CHECK_OK(text);
  if (!text)
    return;
  Expected<json::Value> v = json::parse(*text);
  CHECK_OK(v);
  if (!v)
    return;
  CHECK(v->get("pass") && v->get("pass")->getBool());
  CHECK(v->get("check") && v->get("check")->get("rel_err"));
  CHECK(v->get("check")->get("canary")->get("intact")->getBool());
  // One run: nothing to compare.
  CHECK(!v->get("check")->get("determinism"));
  CHECK_EQ(v->get("check")->get("reference")->getString(),
           std::string(GpuReference::available() ? "gpu" : "cpu"));
  CHECK(v->get("bench") &&
        v->get("bench")->get("median_ms")->getNumber() == 0.25);
  CHECK_EQ(v->get("bench")->get("iters")->getInteger(), std::int64_t(3));
  CHECK_EQ(v->get("m")->getInteger(), std::int64_t(64));
}

TEST(gemm_run_fake_detects_unwritten_output) {
  // Small M: the fake emulates the reference GEMM on one CPU core.
  RunResult r = gemmRun(kInputs + "/k.ptx --m 2 --check --seed 3");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "fp8_gemm_nt m=2 n=7168 k=2048 seed=3: FAIL rel_err=");
  CHECK_OUTPUT(r, "nan=14336");
}

TEST(gemm_run_fake_canary_and_determinism_pass) {
  RunResult r = gemmRun(kInputs + "/kernels/tma_gridconst_persistent_c.ptx "
                                  "--m 40 --check --repeat 3 --seed 4");
  CHECK_EQ(r.exitCode, 0);
  // The result line stays last.
  CHECK_OUTPUT(r, "canary: intact\ndeterminism: 3 runs bit-identical\n"
                  "tma_gridconst_persistent_c m=40 n=200 k=320 seed=4: PASS");
}

TEST(gemm_run_fake_detects_stray_writes) {
  // The fake's tma kernels zero one more element where told to.
  const std::string withC =
      kInputs + "/kernels/tma_gridconst_persistent_c.ptx --m 40 --check";
  RunResult r = gemmRun(withC, "FAKE_CUDA_STRAY_WRITE=d:-1");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, ": FAIL rel_err=");
  CHECK_OUTPUT(r, "canary: FAIL: canary before d overwritten at byte -2\n");
  // Just past the 40 x 200 bf16 elements.
  r = gemmRun(withC, "FAKE_CUDA_STRAY_WRITE=d:8000");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "canary: FAIL: canary after d overwritten at byte 16000\n");
  // C is an input: its elements count, and the run of the damage is named.
  r = gemmRun(withC + " --repeat 2", "FAKE_CUDA_STRAY_WRITE=c:205");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "canary: FAIL: c overwritten at row 1, column 5 in run 1\n");
}

TEST(gemm_run_fake_detects_nondeterminism) {
  std::string jsonPath = tempFile("hopgemm-fake-json");
  if (jsonPath.empty())
    return;
  RunResult r = gemmRun(kInputs +
                            "/kernels/tma_global_tiles.ptx --m 50 "
                            "--check --repeat 3 --json " +
                            jsonPath,
                        "FAKE_CUDA_NONDETERMINISTIC=1");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "determinism: FAIL: run 2 differs from run 1 in 1 of 12800 "
                  "elements, first at row 49, column 255\n");
  Expected<std::string> text = readFile(jsonPath);
  std::remove(jsonPath.c_str());
  Expected<json::Value> v =
      text ? json::parse(*text) : Expected<json::Value>(text.error());
  CHECK_OK(v);
  if (!v)
    return;
  const json::Value *check = v->get("check");
  CHECK(check && !check->get("pass")->getBool());
  CHECK(check && check->get("canary")->get("intact")->getBool());
  const json::Value *det = check ? check->get("determinism") : nullptr;
  CHECK(det && !det->get("identical")->getBool());
  CHECK(det && det->get("runs")->getInteger() == 3);
  CHECK(det && det->get("differing_elements")->getInteger() == 1);
  CHECK(det && det->get("first_row")->getInteger() == 49);
}

TEST(gemm_run_fake_device_errors) {
  RunResult r = gemmRun(kInputs + "/k.ptx --m 128", "FAKE_CUDA_CC=80");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "gemm-run: error: device 0 is sm_80 (Fake H100), kernel "
                  "needs sm_90a");
  r = gemmRun("--device-info", "FAKE_CUDA_DEVICES=0");
  CHECK_EQ(r.exitCode, 3);
  CHECK_OUTPUT(r, "gemm-run: error: no CUDA device found");
  r = gemmRun("--device-info --device 2");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "gemm-run: error: device 2 does not exist (1 device found)");
  r = gemmRun("--device-info");
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "device 0: Fake H100");
  CHECK_OUTPUT(r, "compute capability: 9.0 (sm_90)");
}

// The fake's grouped kernels write exactly the valid rows; gemm-run compares
// those with the per-group reference and checks that padding rows keep the
// poison.
TEST(gemm_run_fake_grouped_kernels_pass) {
  const std::string grouped = kInputs + "/grouped/";
  std::string jsonPath = tempFile("hopgemm-fake-json");
  if (jsonPath.empty())
    return;
  RunResult r = gemmRun(grouped +
                        "grouped_contiguous_gemm.ptx --m 256 --check "
                        "--repeat 2 --seed 1 --json " +
                        jsonPath);
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "groups: 4 m_contiguous, rows [");
  CHECK_OUTPUT(r, "unwritten: padding rows intact\ndeterminism: 2 runs "
                  "bit-identical\ngrouped_contiguous_gemm m=256 n=160 k=256 "
                  "groups=4 seed=1: PASS");
  Expected<std::string> text = readFile(jsonPath);
  std::remove(jsonPath.c_str());
  Expected<json::Value> v =
      text ? json::parse(*text) : Expected<json::Value>(text.error());
  CHECK_OK(v);
  if (v) {
    CHECK_EQ(v->get("grouping")->getString(), std::string("m_contiguous"));
    CHECK_EQ(v->get("group_rows")->getArray().size(), size_t(4));
    CHECK(v->get("check")->get("unwritten")->get("intact")->getBool());
  }
  r = gemmRun(grouped + "grouped_masked_gemm.ptx --m 64 --groups 5 --check "
                        "--seed 2");
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "groups: 5 m_masked, rows [");
  CHECK_OUTPUT(r, "grouped_masked_gemm m=64 n=160 k=256 groups=5 seed=2: PASS");
}

TEST(gemm_run_fake_grouped_detects_padding_writes) {
  const std::string grouped = kInputs + "/grouped/";
  // Seed 1 gives group 0 five rows and a second block of padding.
  RunResult r = gemmRun(grouped + "grouped_contiguous_gemm.ptx --m 256 --check "
                                  "--seed 1",
                        "FAKE_CUDA_WRITE_PADDING=1");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "unwritten: FAIL: row 32 of d was written at column 0, but "
                  "it is in a block of padding of group 0 (m_indices -1 from "
                  "the block's first row)");
  CHECK_OUTPUT(r, ": FAIL rel_err=");
  r = gemmRun(grouped + "grouped_masked_gemm.ptx --m 64 --check --seed 1",
              "FAKE_CUDA_WRITE_PADDING=1");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "unwritten: FAIL: row 32 of d (row 32 of group 0) was "
                  "written at column 0, but group 0 has masked_m 1, padded to "
                  "32 rows");
}

TEST(gemm_run_fake_grouped_argument_errors) {
  const std::string contiguous =
      kInputs + "/grouped/grouped_contiguous_gemm.ptx";
  RunResult r = gemmRun(contiguous + " --m 200");
  CHECK_EQ(r.exitCode, 2);
  CHECK_OUTPUT(r, "m 200 must be a multiple of the kernel's tile M 32: each "
                  "group's rows are padded to it");
  r = gemmRun(contiguous + " --m 64");
  CHECK_EQ(r.exitCode, 2);
  CHECK_OUTPUT(r, "m 64 is too small for 4 groups: 3 non-empty groups padded "
                  "to 32 rows each need m >= 96");
  r = gemmRun(kInputs + "/kernels/tma_global_tiles.ptx --m 64 --groups 2");
  CHECK_EQ(r.exitCode, 2);
  CHECK_OUTPUT(r, "groups 2 was given but the kernel is not grouped");
}

// The fake's K-grouped kernels: every group of D is compared, an empty
// group included, and reported in the JSON.
TEST(gemm_run_fake_k_grouped_kernels) {
  const std::string grouped = kInputs + "/grouped/";
  std::string jsonPath = tempFile("hopgemm-fake-json");
  if (jsonPath.empty())
    return;
  RunResult r = gemmRun(grouped +
                        "k_grouped_gemm_c.ptx --m 32 --k 768 --groups 3 "
                        "--check --repeat 2 --seed 2 --json " +
                        jsonPath);
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "groups: 3 k_contiguous, k [");
  CHECK_OUTPUT(r, "k_grouped_gemm_c m=32 n=160 k=768 groups=3 seed=2: PASS");
  // No padding rows to check in a K-grouped D.
  CHECK(r.output.find("unwritten:") == std::string::npos);
  Expected<std::string> text = readFile(jsonPath);
  std::remove(jsonPath.c_str());
  Expected<json::Value> v =
      text ? json::parse(*text) : Expected<json::Value>(text.error());
  CHECK_OK(v);
  if (!v)
    return;
  CHECK_EQ(v->get("grouping")->getString(), std::string("k_contiguous"));
  const json::Value *ks = v->get("group_k");
  CHECK(ks && ks->getArray().size() == 3);
  if (ks && ks->getArray().size() == 3) {
    std::int64_t sum = 0, empty = 0, single = 0;
    for (const json::Value &k : ks->getArray()) {
      sum += k.getInteger();
      empty += k.getInteger() == 0;
      single += k.getInteger() == 128;
    }
    CHECK_EQ(sum, std::int64_t(768));
    CHECK_EQ(empty, std::int64_t(1));
    CHECK(single >= 1);
  }
  const json::Value *check = v->get("check");
  CHECK(check && check->get("pass")->getBool());
  CHECK(check && check->get("group_rel_err")->getArray().size() == 3);
  CHECK(check && !check->get("unwritten"));
}

TEST(gemm_run_fake_k_grouped_detects_a_wrong_group) {
  // The kernel writes 0 for the empty group instead of its C.
  RunResult r = gemmRun(kInputs + "/grouped/k_grouped_gemm_c.ptx --m 32 --k "
                                  "512 --groups 5 --check --seed 3",
                        "FAKE_CUDA_EMPTY_GROUPS_ZERO=1");
  CHECK_EQ(r.exitCode, 1);
  CHECK_OUTPUT(r, "group rel_err: FAIL: [");
  CHECK_OUTPUT(r, "], worst 1.000e+00 (group 3)\n");
  CHECK_OUTPUT(r, ": FAIL rel_err=");
  r = gemmRun(kInputs + "/grouped/k_grouped_gemm.ptx --m 32 --k 256");
  CHECK_EQ(r.exitCode, 2);
  CHECK_OUTPUT(r, "k 256 is too small for 4 groups: 3 non-empty groups of 128 "
                  "K columns each need k >= 384");
}

TEST(gemm_run_fake_self_test) {
  RunResult r = gemmRun("--self-test --seed 5");
  if (!GpuReference::available()) {
    CHECK_EQ(r.exitCode, 1);
    return;
  }
  CHECK_EQ(r.exitCode, 0);
  CHECK_OUTPUT(r, "1x128 / 128x128 UE8M0 block scales, f32 out");
  CHECK_OUTPUT(r, "k_contiguous grouped, UE8M0 block scales");
  CHECK_OUTPUT(r, "self-test passed");
}
#endif // HOPGEMM_GEMM_RUN_PATH
