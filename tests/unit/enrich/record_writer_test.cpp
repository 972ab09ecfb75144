// RecordWriter: the same bytes as appending each piece to the string, whatever the sizes.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "log/render/iso_time_cache.h"
#include "log/render/record_writer.h"
#include "log/render/event_render.h"
#include "log/render/json_text.h"

namespace capsule {
namespace {

TEST(RecordWriter, WritesWhatAppendingWould) {
  std::string out = "prefix:";
  std::string expected = out;
  {
    RecordWriter w(out);
    for (int round = 0; round < 40; ++round) {  // well past the buffer: flushes in between
      w.text("{\"k\":");
      expected += "{\"k\":";
      w.num(std::numeric_limits<int64_t>::min());
      expected += "-9223372036854775808";
      w.unum(std::numeric_limits<uint64_t>::max());
      expected += "18446744073709551615";
      w.digits(static_cast<uint32_t>(round * 7), 6);
      expected += std::string(6 - std::to_string(round * 7).size(), '0') + std::to_string(round * 7);
      w.string("plain /path");
      capsule::json::append_string(expected, "plain /path");
      w.string("quote\" back\\ nl\n bin\xff del\x7f");
      capsule::json::append_string(expected, "quote\" back\\ nl\n bin\xff del\x7f");
      w.ch('}');
      expected += '}';
    }
    const std::string big(1000, 'x');  // larger than the buffer
    w.text(big);
    expected += big;
    w.string(big);
    capsule::json::append_string(expected, big);
    w.flushed().append("direct");
    expected += "direct";
    w.text("tail");
    expected += "tail";
  }
  EXPECT_EQ(out, expected);
}

// RecordWriter::string copies plain strings itself: plain must mean what append_string leaves as it is.
TEST(RecordWriter, PlainMeansNoEscapingNeeded) {
  EXPECT_TRUE(capsule::json::is_plain("/usr/lib/x86_64-linux-gnu/libc.so.6"));
  EXPECT_TRUE(capsule::json::is_plain(""));
  EXPECT_TRUE(capsule::json::is_plain("del\x7f"));
  EXPECT_FALSE(capsule::json::is_plain("a\"b"));
  EXPECT_FALSE(capsule::json::is_plain("a\\b"));
  EXPECT_FALSE(capsule::json::is_plain("tab\t"));
  EXPECT_FALSE(capsule::json::is_plain("caf\xc3\xa9"));  // UTF-8 goes through capsule::json::append_string
  for (const std::string_view s : {"del\x7f", "/etc/passwd"}) {
    std::string quoted;
    capsule::json::append_string(quoted, s);
    EXPECT_EQ(quoted, "\"" + std::string(s) + "\"");
  }
}

// The cache's two parts spell what append_iso_time does, across seconds and before 1970.
TEST(IsoTimeCache, PrefixAndMicrosSpellTheTime) {
  IsoTimeCache cache;
  for (const int64_t ts : {int64_t{1795455000123456}, int64_t{1795455000999999}, int64_t{1795455001000000},
                           int64_t{0}, int64_t{-1}, int64_t{-1000001}}) {
    std::string expected;
    append_iso_time(ts, expected);
    uint32_t micros = 0;
    std::string got(cache.prefix(ts, micros));
    const std::string digits = std::to_string(micros);
    got += std::string(6 - digits.size(), '0') + digits + "Z";
    EXPECT_EQ(got, expected) << ts;
    std::string appended;
    cache.append(ts, appended);
    EXPECT_EQ(appended, expected) << ts;
  }
}

}  // namespace
}  // namespace capsule
