//===- FakeCuda.h - what tests read back from the fake libcuda --*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The fake libcuda (FakeCudaDriver.cpp) counts uploads, syncs and launches
// and keeps a trace of its calls; tests of the runtime and of the C API read
// them from the instance the runtime loaded.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_TEST_RUNTIME_FAKECUDA_H
#define HOPGEMM_TEST_RUNTIME_FAKECUDA_H

#include "TestHarness.h"

#include <dlfcn.h>
#include <string>

namespace hopgemm::test {

/// Entry point `name` of the fake libcuda the runtime opened (RTLD_NOLOAD:
/// the same instance, never a second copy); null, and a test failure, when
/// it is not loaded.
template <typename Fn> Fn *fakeCudaSymbol(const char *name) {
  void *lib = dlopen(HOPGEMM_FAKE_CUDA_PATH, RTLD_NOW | RTLD_NOLOAD);
  auto *fn = lib ? reinterpret_cast<Fn *>(dlsym(lib, name)) : nullptr;
  if (!fn)
    reportFailure(__FILE__, __LINE__,
                  std::string("fake driver entry point ") + name +
                      " not found");
  return fn;
}

struct FakeCounters {
  int uploads = 0, syncs = 0, launches = 0;
};

inline FakeCounters fakeCounters() {
  FakeCounters c;
  if (auto *fn = fakeCudaSymbol<void(int *, int *, int *)>("fakeCudaCounters"))
    fn(&c.uploads, &c.syncs, &c.launches);
  return c;
}

/// The fake's trace of allocations, frees, syncs, memsets, uploads and
/// launches, one line each.
inline std::string fakeTrace() {
  auto *fn = fakeCudaSymbol<const char *()>("fakeCudaTrace");
  return fn ? fn() : "";
}

} // namespace hopgemm::test

#endif // HOPGEMM_TEST_RUNTIME_FAKECUDA_H
