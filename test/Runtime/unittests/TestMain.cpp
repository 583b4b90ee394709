//===- TestMain.cpp - runs the runtime unit tests ------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// hopgemm-runtime-tests [FILTER]: runs every test whose name contains FILTER,
// prints failures and "N passed, M failed", and exits non-zero on failure.
//
//===----------------------------------------------------------------------===//

#include "TestHarness.h"

#include <cstdio>
#include <cstring>

using namespace hopgemm::test;

static int currentFailures = 0;
static const char *currentTest = "";

std::vector<TestCase> &hopgemm::test::registry() {
  static std::vector<TestCase> tests;
  return tests;
}

void hopgemm::test::reportFailure(const char *file, int line,
                                  const std::string &what) {
  ++currentFailures;
  const char *base = std::strrchr(file, '/');
  std::printf("FAIL %s: %s:%d: %s\n", currentTest, base ? base + 1 : file, line,
              what.c_str());
}

int main(int argc, char **argv) {
  const char *filter = argc > 1 ? argv[1] : "";
  int passed = 0, failed = 0;
  for (const TestCase &t : registry()) {
    if (!std::strstr(t.name, filter))
      continue;
    currentTest = t.name;
    currentFailures = 0;
    t.fn();
    if (currentFailures == 0)
      ++passed;
    else
      ++failed;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
