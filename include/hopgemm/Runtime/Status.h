//===- Status.h - error values for the runtime ------------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The runtime is built with -fno-exceptions and must never abort on bad user
// input, so every fallible operation returns a Status or an Expected<T> that
// carries a readable message.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_STATUS_H
#define HOPGEMM_RUNTIME_STATUS_H

#include <cstdint>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

namespace hopgemm {

/// Concatenates the arguments with operator<<, for building messages.
template <typename... Args> std::string strCat(const Args &...args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}

/// Formats a value as 0x-prefixed hex (device pointers in messages).
std::string hexStr(std::uint64_t value);

/// Success, or an error with a message (lowercase, no trailing period).
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.failed = true;
    s.msg = std::move(message);
    return s;
  }
  template <typename... Args> static Status errorf(const Args &...args) {
    return error(strCat(args...));
  }

  bool ok() const { return !failed; }
  explicit operator bool() const { return !failed; }
  const std::string &message() const { return msg; }

  /// Prefixes the message with context, e.g. the file being read.
  Status withContext(const std::string &context) const {
    return failed ? error(context + ": " + msg) : *this;
  }

private:
  bool failed = false;
  std::string msg;
};

/// A value of type T or an error Status. T may be a reference type.
template <typename T> class [[nodiscard]] Expected {
  using Stored =
      std::conditional_t<std::is_reference_v<T>,
                         std::reference_wrapper<std::remove_reference_t<T>>, T>;
  using Ref = std::add_lvalue_reference_t<std::remove_reference_t<T>>;
  using Ptr = std::add_pointer_t<std::remove_reference_t<T>>;

public:
  Expected(T value) : value(std::forward<T>(value)) {}
  template <typename U,
            typename = std::enable_if_t<
                !std::is_reference_v<T> && std::is_constructible_v<T, U &&> &&
                !std::is_same_v<std::decay_t<U>, T> &&
                !std::is_same_v<std::decay_t<U>, Status>>>
  Expected(U &&value) : value(T(std::forward<U>(value))) {}
  /// An error; constructing from a successful Status is a programming error
  /// and is turned into an error value rather than an empty success.
  Expected(Status status)
      : status(status.ok() ? Status::error("internal error: Expected built "
                                           "from a successful Status")
                           : std::move(status)) {}

  bool ok() const { return value.has_value(); }
  explicit operator bool() const { return value.has_value(); }
  const Status &error() const { return status; }
  const std::string &message() const { return status.message(); }

  Ref operator*() { return static_cast<Ref>(*value); }
  Ptr operator->() { return &static_cast<Ref>(*value); }
  const std::remove_reference_t<T> &operator*() const { return *value; }
  const std::remove_reference_t<T> *operator->() const {
    return &static_cast<const std::remove_reference_t<T> &>(*value);
  }

  /// Moves the value out (only valid when ok()).
  T take() { return static_cast<T>(std::move(*value)); }

private:
  std::optional<Stored> value;
  Status status;
};

} // namespace hopgemm

/// Returns the Status of `expr` from the enclosing function when it failed.
#define HOPGEMM_RETURN_IF_ERROR(expr)                                          \
  do {                                                                         \
    ::hopgemm::Status hopgemmStatus_ = (expr);                                 \
    if (!hopgemmStatus_.ok())                                                  \
      return hopgemmStatus_;                                                   \
  } while (false)

#endif // HOPGEMM_RUNTIME_STATUS_H
