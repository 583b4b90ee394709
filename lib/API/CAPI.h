//===- CAPI.h - helpers shared by the C API files ---------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_LIB_API_CAPI_H
#define HOPGEMM_LIB_API_CAPI_H

#include "hopgemm-c/hopgemm.h"
#include "hopgemm/Runtime/Status.h"

#include <cstdlib>
#include <cstring>

namespace hopgemm::capi {

/// Hands `text` to the caller as a malloc'ed string in *out, when `out` is
/// not null (hopgemm_string_free releases it, and C callers may use free).
inline void handOut(const std::string &text, char **out) {
  if (out) {
    *out = static_cast<char *>(std::malloc(text.size() + 1));
    if (*out)
      std::memcpy(*out, text.c_str(), text.size() + 1);
  }
}

/// Hands `message` to the caller in *error and returns `code`.
inline hopgemm_status fail(hopgemm_status code, const std::string &message,
                           char **error) {
  handOut(message, error);
  return code;
}

inline hopgemm_status fail(hopgemm_status code, const Status &status,
                           char **error) {
  return fail(code, status.message(), error);
}

inline hopgemm_status succeed(char **error) {
  if (error)
    *error = nullptr;
  return HOPGEMM_OK;
}

} // namespace hopgemm::capi

#endif // HOPGEMM_LIB_API_CAPI_H
