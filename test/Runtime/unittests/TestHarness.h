//===- TestHarness.h - a tiny unit-test harness -----------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The runtime does not depend on LLVM, so its tests do not use gtest (which
// the full build gets from LLVM); this is the small subset they need.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_TEST_RUNTIME_TESTHARNESS_H
#define HOPGEMM_TEST_RUNTIME_TESTHARNESS_H

#include "hopgemm/Runtime/Status.h"

#include <string>
#include <vector>

namespace hopgemm::test {

struct TestCase {
  const char *name;
  void (*fn)();
};

std::vector<TestCase> &registry();
/// Records a failed check of the running test.
void reportFailure(const char *file, int line, const std::string &what);

struct Registrar {
  Registrar(const char *name, void (*fn)()) {
    registry().push_back({name, fn});
  }
};

inline const Status &statusOf(const Status &s) { return s; }
template <typename T> const Status &statusOf(const Expected<T> &e) {
  static const Status ok = Status::success();
  return e ? ok : e.error();
}

} // namespace hopgemm::test

#define TEST(name)                                                             \
  static void test_##name();                                                   \
  static ::hopgemm::test::Registrar registrar_##name(#name, test_##name);      \
  static void test_##name()

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      ::hopgemm::test::reportFailure(__FILE__, __LINE__, "CHECK(" #cond ")");  \
  } while (false)

#define CHECK_EQ(a, b)                                                         \
  do {                                                                         \
    auto checkA_ = (a);                                                        \
    auto checkB_ = (b);                                                        \
    if (!(checkA_ == checkB_))                                                 \
      ::hopgemm::test::reportFailure(                                          \
          __FILE__, __LINE__,                                                  \
          ::hopgemm::strCat("CHECK_EQ(" #a ", " #b "): ", checkA_,             \
                            " != ", checkB_));                                 \
  } while (false)

/// The Status or Expected must succeed.
#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    const auto &checkR_ = (expr);                                              \
    const ::hopgemm::Status &checkS_ = ::hopgemm::test::statusOf(checkR_);     \
    if (!checkS_.ok())                                                         \
      ::hopgemm::test::reportFailure(                                          \
          __FILE__, __LINE__, "CHECK_OK(" #expr "): " + checkS_.message());    \
  } while (false)

/// The Status or Expected must fail with a message containing `substr`.
#define CHECK_ERROR(expr, substr)                                              \
  do {                                                                         \
    const auto &checkR_ = (expr);                                              \
    const ::hopgemm::Status &checkS_ = ::hopgemm::test::statusOf(checkR_);     \
    if (checkS_.ok())                                                          \
      ::hopgemm::test::reportFailure(__FILE__, __LINE__,                       \
                                     "CHECK_ERROR(" #expr                      \
                                     "): succeeded, expected an error");       \
    else if (checkS_.message().find(substr) == std::string::npos)              \
      ::hopgemm::test::reportFailure(                                          \
          __FILE__, __LINE__,                                                  \
          ::hopgemm::strCat("CHECK_ERROR(" #expr "): message '",               \
                            checkS_.message(), "' lacks '", substr, "'"));     \
  } while (false)

#endif // HOPGEMM_TEST_RUNTIME_TESTHARNESS_H
