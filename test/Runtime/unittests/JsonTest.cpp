//===- JsonTest.cpp - tests of the JSON reader and writer ----------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Runtime/Json.h"
#include "TestHarness.h"

#include <cmath>

using namespace hopgemm;

TEST(json_parses_every_kind) {
  Expected<json::Value> v = json::parse(
      R"( {"n": null, "t": true, "f": false, "i": -42, "d": 2.5e3,
           "s": "a\"b\\c\n\u00e9\ud83d\ude00", "a": [1, [2], {}], "o": {"x": []}} )");
  CHECK_OK(v);
  if (!v)
    return;
  CHECK(v->isObject());
  CHECK(v->get("n")->isNull());
  CHECK(v->get("t")->getBool());
  CHECK(!v->get("f")->getBool());
  CHECK(v->get("i")->isInteger());
  CHECK_EQ(v->get("i")->getInteger(), std::int64_t(-42));
  CHECK(!v->get("d")->isInteger());
  CHECK_EQ(v->get("d")->getNumber(), 2500.0);
  CHECK_EQ(v->get("s")->getString(),
           std::string("a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80"));
  CHECK_EQ(v->get("a")->getArray().size(), size_t(3));
  CHECK(v->get("a")->getArray()[2].isObject());
  CHECK(v->get("o")->get("x")->isArray());
  CHECK(v->get("missing") == nullptr);
}

TEST(json_integers) {
  Expected<json::Value> v = json::parse("[0, -0, 9223372036854775807, "
                                        "9223372036854775808, 1.0, 1e2]");
  CHECK_OK(v);
  if (!v)
    return;
  const json::Array &a = v->getArray();
  CHECK(a[0].isInteger());
  CHECK(a[1].isInteger());
  CHECK_EQ(a[2].getInteger(), INT64_MAX);
  // Too large for int64: a number, but not an integer.
  CHECK(a[3].isNumber() && !a[3].isInteger());
  CHECK(!a[4].isInteger());
  CHECK(!a[5].isInteger());
}

TEST(json_errors_name_line_and_column) {
  CHECK_ERROR(json::parse(""), "line 1, column 1: expected a value");
  CHECK_ERROR(json::parse("{\"a\": 1,\n  \"b\" 2}"),
              "line 2, column 7: expected ':' after object key, found '2'");
  CHECK_ERROR(json::parse("[1, 2"), "expected ',' or ']' in array, found end");
  CHECK_ERROR(json::parse("[1 2]"), "expected ',' or ']' in array, found '2'");
  CHECK_ERROR(json::parse("{\"a\": 1,}"), "expected a string key");
  CHECK_ERROR(json::parse("{\"a\": 1} x"), "unexpected trailing characters");
  CHECK_ERROR(json::parse("\"abc"), "unterminated string");
  CHECK_ERROR(json::parse("\"a\tb\""), "control character in string");
  CHECK_ERROR(json::parse("\"\\x\""), "invalid escape '\\x'");
  CHECK_ERROR(json::parse("\"\\u12g4\""), "invalid hex digit");
  CHECK_ERROR(json::parse("\"\\ud800\""), "unpaired surrogate");
  CHECK_ERROR(json::parse("\"\\udc00\""), "unpaired surrogate");
  CHECK_ERROR(json::parse("tru"), "invalid literal (expected 'true')");
  CHECK_ERROR(json::parse("nul"), "invalid literal (expected 'null')");
  CHECK_ERROR(json::parse("01"), "leading zeros");
  CHECK_ERROR(json::parse("-"), "expected digits in number");
  CHECK_ERROR(json::parse("1."), "expected digits after the decimal point");
  CHECK_ERROR(json::parse("1e+"), "expected digits in the exponent");
  CHECK_ERROR(json::parse("{\"a\": 1, \"a\": 2}"),
              "line 1, column 10: duplicate key \"a\"");
  CHECK_ERROR(json::parse("[NaN]"), "expected a value, found 'N'");
  CHECK_ERROR(json::parse("\x01"), "found byte 0x1");
  CHECK_ERROR(json::parse(std::string(1000, '[')), "nesting deeper than");
}

TEST(json_writes_and_reparses) {
  json::Value v = json::Object{};
  v.set("s", "q\"\n\x01");
  v.set("i", std::int64_t(7));
  v.set("d", 0.1);
  v.set("nan", std::nan(""));
  v.set("b", true);
  v.set("a", json::Array{json::Value(1), json::Value(), json::Value("x")});
  v.set("empty", json::Object{});
  for (int indent : {0, 2}) {
    std::string text = v.toString(indent);
    Expected<json::Value> back = json::parse(text);
    CHECK_OK(back);
    if (!back)
      continue;
    CHECK_EQ(back->get("s")->getString(), std::string("q\"\n\x01"));
    CHECK_EQ(back->get("i")->getInteger(), std::int64_t(7));
    CHECK_EQ(back->get("d")->getNumber(), 0.1);
    // JSON has no NaN: it is written as null.
    CHECK(back->get("nan")->isNull());
    CHECK(back->get("b")->getBool());
    CHECK_EQ(back->get("a")->getArray().size(), size_t(3));
  }
  CHECK_EQ(json::Value(json::Array{}).toString(), std::string("[]"));
  CHECK_EQ(json::quote("\t"), std::string("\"\\t\""));
}
