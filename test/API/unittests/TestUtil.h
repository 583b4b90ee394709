//===- TestUtil.h - shared helpers of the API unit tests --------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_TEST_API_TESTUTIL_H
#define HOPGEMM_TEST_API_TESTUTIL_H

#include "TestHarness.h"
#include "hopgemm/Runtime/Runtime.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#ifndef HOPGEMM_SOURCE_DIR
#error "HOPGEMM_SOURCE_DIR must name the source tree"
#endif

namespace hopgemm::test {

/// The DeepSeek example spec of examples/.
inline std::string exampleSpec() {
  Expected<std::string> text =
      readFile(HOPGEMM_SOURCE_DIR "/examples/deepseek_fp8_gemm.mlir");
  if (!text)
    reportFailure(__FILE__, __LINE__, text.message());
  return text ? *text : "";
}

/// A fresh directory, removed with everything in it on destruction.
struct TempDir {
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base && *base ? base : "/tmp") + "/hopgemm-api-XXXXXX";
    if (mkdtemp(pattern.data()))
      path = pattern;
    else
      reportFailure(__FILE__, __LINE__, "mkdtemp failed");
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

/// Counts the directory entries whose name ends with `suffix`.
inline int countFiles(const std::string &dir, const std::string &suffix) {
  int n = 0;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    n += name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return n;
}

} // namespace hopgemm::test

#endif // HOPGEMM_TEST_API_TESTUTIL_H
