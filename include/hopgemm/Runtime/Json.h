//===- Json.h - a small JSON reader and writer ------------------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Enough JSON for the kernel metadata the compiler writes and the results
// gemm-run reports. The runtime must not depend on LLVM, so llvm::json is not
// an option. Parse errors name the line and column.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_JSON_H
#define HOPGEMM_RUNTIME_JSON_H

#include "hopgemm/Runtime/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hopgemm::json {

class Value;
/// Members keep their order (for output), and lookups are linear: the
/// documents we handle are small.
using Object = std::vector<std::pair<std::string, Value>>;
using Array = std::vector<Value>;

class Value {
public:
  enum class Kind { Null, Bool, Number, String, Array, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : kind(Kind::Bool), boolean(b) {}
  Value(double d) : kind(Kind::Number), number(d) {}
  Value(int i) : Value(static_cast<std::int64_t>(i)) {}
  Value(unsigned i) : Value(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i)
      : kind(Kind::Number), number(static_cast<double>(i)), integer(i),
        isInt(true) {}
  Value(std::uint64_t i) : Value(static_cast<std::int64_t>(i)) {}
  Value(std::string s) : kind(Kind::String), string(std::move(s)) {}
  Value(const char *s) : Value(std::string(s)) {}
  Value(Array a)
      : kind(Kind::Array), array(std::make_shared<json::Array>(std::move(a))) {}
  Value(Object o)
      : kind(Kind::Object),
        object(std::make_shared<json::Object>(std::move(o))) {}

  Kind getKind() const { return kind; }
  bool isNull() const { return kind == Kind::Null; }
  bool isBool() const { return kind == Kind::Bool; }
  bool isNumber() const { return kind == Kind::Number; }
  /// A number written without fraction or exponent that fits in int64.
  bool isInteger() const { return kind == Kind::Number && isInt; }
  bool isString() const { return kind == Kind::String; }
  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }

  bool getBool() const { return boolean; }
  double getNumber() const { return number; }
  std::int64_t getInteger() const { return integer; }
  const std::string &getString() const { return string; }
  const json::Array &getArray() const { return *array; }
  json::Array &getArray() { return *array; }
  const json::Object &getObject() const { return *object; }
  json::Object &getObject() { return *object; }

  /// The member named `key` of an object, or null when absent.
  const Value *get(std::string_view key) const;
  /// Appends a member to an object (no check for duplicates).
  void set(std::string key, Value value);

  /// Serializes compactly, or indented by `indent` spaces per level.
  std::string toString(int indent = 0) const;

  /// A short name for the kind ("an object", "a string"), for messages.
  static const char *kindName(Kind kind);

private:
  void write(std::string &out, int indent, int depth) const;

  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::int64_t integer = 0;
  bool isInt = false;
  std::string string;
  // Shared so that Value stays copyable and cheap; a parsed document is
  // treated as immutable.
  std::shared_ptr<json::Array> array;
  std::shared_ptr<json::Object> object;
};

/// Parses one JSON document; trailing non-whitespace is an error. Errors read
/// "line L, column C: <what>". Duplicate object keys are rejected because
/// they almost always mean a generator bug.
Expected<Value> parse(std::string_view text);

/// Quotes and escapes a string for JSON output.
std::string quote(std::string_view s);

} // namespace hopgemm::json

#endif // HOPGEMM_RUNTIME_JSON_H
