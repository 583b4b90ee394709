//===- DriverTest.cpp - tests of driver loading without a GPU ------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "TestHarness.h"
#include "hopgemm/Runtime/Reference.h"
#include "hopgemm/Runtime/Runtime.h"

using namespace hopgemm;

TEST(missing_driver_is_a_clear_error) {
  CHECK_ERROR(Driver::open("/nonexistent/libcuda.so.1"),
              "no CUDA driver found (/nonexistent/libcuda.so.1 could not be "
              "loaded: ");
}

TEST(library_without_the_driver_api_is_a_clear_error) {
  // libc loads fine but is not a CUDA driver.
  CHECK_ERROR(Driver::open("libc.so.6"),
              "no CUDA driver found (libc.so.6 has no cuGetProcAddress_v2");
}

TEST(read_file_errors_name_the_path) {
  CHECK_ERROR(readFile("/nonexistent/k.json"),
              "cannot open '/nonexistent/k.json': No such file or directory");
}

TEST(expected_holds_references_and_values) {
  int x = 3;
  Expected<int &> ref(x);
  CHECK(ref.ok());
  *ref = 4;
  CHECK_EQ(x, 4);
  Expected<std::string> s(std::string("abc"));
  CHECK_EQ(s->size(), size_t(3));
  CHECK_EQ(s.take(), std::string("abc"));
  Expected<int> e(Status::error("boom"));
  CHECK(!e);
  CHECK_EQ(e.message(), std::string("boom"));
  // A successful Status is not a value; it must not look like one.
  Expected<int> bad(Status::success());
  CHECK(!bad);
  CHECK_ERROR(bad, "internal error");
  CHECK_EQ(Status::error("x").withContext("f.json").message(),
           std::string("f.json: x"));
}
