// The in-place JSON reader of the store's rows (src/store/json_view.h): members as spans of the
// line, strings decoded as a DOM parser (nlohmann, the reference here) decodes them, integers only
// when written as integers, and malformed lines refused.
#include "store/json_view.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace capsule::store {
namespace {

TEST(JsonView, MembersAreSpansOfTheLine) {
  const std::string line = R"({"seq":7, "args":{"a":[1,"]}",{"b":null}]},"ok":true,"n":null,"x":-3.5e2})";
  JsonObject o(line);
  ASSERT_EQ(o.members().size(), 5u);
  EXPECT_EQ(o.find("args")->raw, R"({"a":[1,"]}",{"b":null}]})");
  EXPECT_EQ(o.find("args")->kind, JsonKind::Object);
  EXPECT_EQ(o.find("seq")->integer(), 7);
  EXPECT_EQ(o.find("ok")->kind, JsonKind::True);
  EXPECT_EQ(o.find("n")->kind, JsonKind::Null);
  EXPECT_EQ(o.find("x")->integer(), std::nullopt);  // not written as an integer
  EXPECT_EQ(o.find("missing"), nullptr);
}

TEST(JsonView, StringsDecodeAsADomParserDecodesThem) {
  for (const std::string s : {R"("plain")", R"("tab\there\n")", R"("nul\u0000byte")", R"("\"q\" \\ \/")",
                              R"("\u00e9\u4e2d")", R"("pair \ud83d\ude00 end")", R"("\b\f\r")", "\"caf\xc3\xa9\""}) {
    std::string scratch;
    const std::string line = "{\"k\":" + s + "}";  // the object's spans point into it
    JsonObject o(line);
    EXPECT_EQ(std::string(o.find("k")->string(scratch)), nlohmann::json::parse(s).get<std::string>()) << s;
  }
}

TEST(JsonView, EscapedKeysAreFoundByTheirValueAndTheLastDuplicateWins) {
  JsonObject o(R"({"\u0073eq":1,"a":1,"a":2})");
  EXPECT_EQ(o.find("seq")->integer(), 1);
  EXPECT_EQ(o.find("a")->integer(), 2);
}

TEST(JsonView, IntegersThatDoNotFitAreNotIntegers) {
  JsonObject o(R"({"big":9223372036854775808,"min":-9223372036854775808})");
  EXPECT_EQ(o.find("big")->integer(), std::nullopt);
  EXPECT_EQ(o.find("min")->integer(), INT64_MIN);
}

TEST(JsonView, ArrayElements) {
  JsonObject o(R"({"l":[ {"p":"/a"}, 3 , "s" ,[1,2]],"e":[]})");
  std::vector<std::string> raw;
  for_each_element(*o.find("l"), [&raw](const JsonValue& v) { raw.emplace_back(v.raw); });
  EXPECT_EQ(raw, (std::vector<std::string>{R"({"p":"/a"})", "3", R"("s")", "[1,2]"}));
  int n = 0;
  for_each_element(*o.find("e"), [&n](const JsonValue&) { ++n; });
  EXPECT_EQ(n, 0);
}

TEST(JsonView, MalformedLinesAreRefused) {
  for (const std::string bad : {"", "[1]", "{", R"({"a":1)", R"({"a":"x})", R"({"a":[1}})", R"({"a":1} x)",
                                R"({"a":tru})", R"({a:1})", R"({"a" 1})", R"({"a":1,})", R"({"a":"\x"})",
                                R"({"a":"\ud800"})", R"({"a":"\u12"})", "{\"a\":\"new\nline\"}"}) {
    EXPECT_THROW(
        {
          JsonObject o(bad);
          std::string scratch;
          for (const auto& m : o.members()) {
            if (m.value.kind == JsonKind::String) m.value.string(scratch);
          }
        },
        JsonError)
        << bad;
  }
}

}  // namespace
}  // namespace capsule::store
