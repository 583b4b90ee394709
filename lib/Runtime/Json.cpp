//===- Json.cpp - a small JSON reader and writer -------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Json.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace hopgemm;
using namespace hopgemm::json;

std::string hopgemm::hexStr(std::uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%llx",
                static_cast<unsigned long long>(value));
  return buf;
}

const Value *Value::get(std::string_view key) const {
  if (kind != Kind::Object)
    return nullptr;
  for (const auto &[name, value] : *object)
    if (name == key)
      return &value;
  return nullptr;
}

void Value::set(std::string key, Value value) {
  if (kind != Kind::Object)
    *this = Value(json::Object{});
  object->emplace_back(std::move(key), std::move(value));
}

const char *Value::kindName(Kind kind) {
  switch (kind) {
  case Kind::Null:
    return "null";
  case Kind::Bool:
    return "a boolean";
  case Kind::Number:
    return "a number";
  case Kind::String:
    return "a string";
  case Kind::Array:
    return "an array";
  case Kind::Object:
    return "an object";
  }
  return "a value";
}

std::string json::quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  return out;
}

static void newline(std::string &out, int indent, int depth) {
  if (indent <= 0)
    return;
  out += '\n';
  out.append(static_cast<size_t>(indent) * depth, ' ');
}

void Value::write(std::string &out, int indent, int depth) const {
  switch (kind) {
  case Kind::Null:
    out += "null";
    return;
  case Kind::Bool:
    out += boolean ? "true" : "false";
    return;
  case Kind::Number: {
    if (isInt) {
      out += std::to_string(integer);
      return;
    }
    // JSON has no NaN or infinity.
    if (!std::isfinite(number)) {
      out += "null";
      return;
    }
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.17g", number);
    out += buf;
    return;
  }
  case Kind::String:
    out += quote(string);
    return;
  case Kind::Array: {
    out += '[';
    bool first = true;
    for (const Value &v : *array) {
      if (!first)
        out += ',';
      first = false;
      newline(out, indent, depth + 1);
      v.write(out, indent, depth + 1);
    }
    if (!array->empty())
      newline(out, indent, depth);
    out += ']';
    return;
  }
  case Kind::Object: {
    out += '{';
    bool first = true;
    for (const auto &[key, v] : *object) {
      if (!first)
        out += ',';
      first = false;
      newline(out, indent, depth + 1);
      out += quote(key);
      out += indent > 0 ? ": " : ":";
      v.write(out, indent, depth + 1);
    }
    if (!object->empty())
      newline(out, indent, depth);
    out += '}';
    return;
  }
  }
}

std::string Value::toString(int indent) const {
  std::string out;
  write(out, indent, 0);
  return out;
}

namespace {
/// Recursive-descent parser over the whole text; positions are byte offsets
/// turned into line/column only when reporting an error.
class Parser {
public:
  explicit Parser(std::string_view text) : text(text) {}

  Expected<Value> parseDocument() {
    Value v;
    if (!parseValue(v, 0))
      return error;
    skipSpace();
    if (pos != text.size()) {
      fail("unexpected trailing characters after the JSON value");
      return error;
    }
    return v;
  }

private:
  // Deep nesting would overflow the stack; real metadata is a few levels.
  static constexpr int kMaxDepth = 128;

  /// Records an error at the current position; returns false so that
  /// parse functions can `return fail(...)`.
  bool fail(const std::string &what) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    error = Status::errorf("line ", line, ", column ", column, ": ", what);
    return false;
  }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  std::string describeHere() const {
    if (pos >= text.size())
      return "end of input";
    unsigned char c = text[pos];
    if (c < 0x20 || c >= 0x7f)
      return strCat("byte ", hexStr(c));
    return strCat("'", static_cast<char>(c), "'");
  }

  bool parseValue(Value &out, int depth) {
    if (depth > kMaxDepth) {
      return fail(strCat("nesting deeper than ", kMaxDepth, " levels"));
    }
    skipSpace();
    if (pos >= text.size()) {
      return fail("expected a value, found end of input");
    }
    char c = text[pos];
    switch (c) {
    case '{':
      return parseObject(out, depth);
    case '[':
      return parseArray(out, depth);
    case '"': {
      std::string s;
      if (!parseString(s))
        return false;
      out = Value(std::move(s));
      return true;
    }
    case 't':
      return parseLiteral("true", Value(true), out);
    case 'f':
      return parseLiteral("false", Value(false), out);
    case 'n':
      return parseLiteral("null", Value(), out);
    default:
      if (c == '-' || (c >= '0' && c <= '9'))
        return parseNumber(out);
      return fail(strCat("expected a value, found ", describeHere()));
    }
  }

  bool parseLiteral(std::string_view word, Value value, Value &out) {
    if (text.substr(pos, word.size()) != word) {
      return fail(strCat("invalid literal (expected '", word, "')"));
    }
    pos += word.size();
    out = std::move(value);
    return true;
  }

  bool parseNumber(Value &out) {
    size_t start = pos;
    bool isInt = true;
    if (text[pos] == '-')
      ++pos;
    auto digits = [&]() {
      size_t n = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
        ++n;
      }
      return n;
    };
    size_t intStart = pos;
    if (digits() == 0) {
      return fail("expected digits in number");
    }
    if (text[intStart] == '0' && pos - intStart > 1) {
      pos = intStart;
      return fail("leading zeros are not allowed in numbers");
    }
    if (pos < text.size() && text[pos] == '.') {
      isInt = false;
      ++pos;
      if (digits() == 0) {
        return fail("expected digits after the decimal point");
      }
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
      isInt = false;
      ++pos;
      if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
        ++pos;
      if (digits() == 0) {
        return fail("expected digits in the exponent");
      }
    }
    std::string token(text.substr(start, pos - start));
    if (isInt) {
      errno = 0;
      char *end = nullptr;
      long long v = std::strtoll(token.c_str(), &end, 10);
      if (errno == 0 && end == token.c_str() + token.size()) {
        out = Value(static_cast<std::int64_t>(v));
        return true;
      }
      // Too large for int64: keep it as a (non-integer) double.
    }
    out = Value(std::strtod(token.c_str(), nullptr));
    return true;
  }

  static void appendUtf8(std::string &s, std::uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xc0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xe0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      s += static_cast<char>(0xf0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  bool parseHex4(std::uint32_t &cp) {
    if (pos + 4 > text.size()) {
      return fail("truncated \\u escape");
    }
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text[pos + i];
      cp <<= 4;
      if (c >= '0' && c <= '9')
        cp |= c - '0';
      else if (c >= 'a' && c <= 'f')
        cp |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        cp |= c - 'A' + 10;
      else {
        pos += i;
        return fail("invalid hex digit in \\u escape");
      }
    }
    pos += 4;
    return true;
  }

  bool parseString(std::string &out) {
    ++pos; // opening quote
    while (true) {
      if (pos >= text.size()) {
        return fail("unterminated string");
      }
      unsigned char c = text[pos];
      if (c == '"') {
        ++pos;
        return true;
      }
      if (c < 0x20) {
        return fail("control character in string (escape it)");
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos;
        continue;
      }
      ++pos;
      if (pos >= text.size()) {
        return fail("unterminated string");
      }
      char e = text[pos++];
      switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!parseHex4(cp))
          return false;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          if (text.substr(pos, 2) != "\\u") {
            return fail("unpaired surrogate in \\u escape");
          }
          pos += 2;
          std::uint32_t low = 0;
          if (!parseHex4(low))
            return false;
          if (low < 0xdc00 || low > 0xdfff) {
            return fail("invalid low surrogate in \\u escape");
          }
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
          return fail("unpaired surrogate in \\u escape");
        }
        appendUtf8(out, cp);
        break;
      }
      default:
        --pos;
        return fail(strCat("invalid escape '\\", e, "' in string"));
      }
    }
  }

  bool parseArray(Value &out, int depth) {
    ++pos; // '['
    json::Array items;
    skipSpace();
    if (pos < text.size() && text[pos] == ']') {
      ++pos;
      out = Value(std::move(items));
      return true;
    }
    while (true) {
      Value item;
      if (!parseValue(item, depth + 1))
        return false;
      items.push_back(std::move(item));
      skipSpace();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        out = Value(std::move(items));
        return true;
      }
      return fail(
          strCat("expected ',' or ']' in array, found ", describeHere()));
    }
  }

  bool parseObject(Value &out, int depth) {
    ++pos; // '{'
    json::Object members;
    skipSpace();
    if (pos < text.size() && text[pos] == '}') {
      ++pos;
      out = Value(std::move(members));
      return true;
    }
    while (true) {
      skipSpace();
      if (pos >= text.size() || text[pos] != '"') {
        return fail(
            strCat("expected a string key in object, found ", describeHere()));
      }
      size_t keyPos = pos;
      std::string key;
      if (!parseString(key))
        return false;
      for (const auto &member : members) {
        if (member.first == key) {
          pos = keyPos;
          return fail(strCat("duplicate key ", quote(key), " in object"));
        }
      }
      skipSpace();
      if (pos >= text.size() || text[pos] != ':') {
        return fail(
            strCat("expected ':' after object key, found ", describeHere()));
      }
      ++pos;
      Value value;
      if (!parseValue(value, depth + 1))
        return false;
      members.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == '}') {
        ++pos;
        out = Value(std::move(members));
        return true;
      }
      return fail(
          strCat("expected ',' or '}' in object, found ", describeHere()));
    }
  }

  std::string_view text;
  size_t pos = 0;
  Status error;
};
} // namespace

Expected<Value> json::parse(std::string_view text) {
  return Parser(text).parseDocument();
}
