// Compressed streams (docs/FORMAT.md, "Compression"): the same lines and the same chain as a
// plain stream, each block a flush point of a zstd frame that LineReader decodes back.
#include <gtest/gtest.h>

#include <string>

#include "log/chain/chained_stream.h"
#include "log/compress/compression.h"
#include "log/rundir/line_reader.h"
#include "log/verify/verify_stream.h"
#include "temp_dir.h"

namespace capsule {
namespace {

using testing::read_file;
using testing::TempDir;

constexpr char kRunId[] = "0f3c8a52-6d1e-4f7b-9a2c-1b2d3e4f5a6b";

TEST(Compression, ParsesItsSpellings) {
  EXPECT_FALSE(parse_compression("none")->on());
  EXPECT_TRUE(parse_compression("zstd")->on());
  EXPECT_TRUE(parse_compression("zstd-all:-3")->on());
  EXPECT_FALSE(Compression{}.on()) << "plain by default";
  EXPECT_EQ(parse_compression("zstd")->level, 1);
  EXPECT_EQ(parse_compression("zstd:19")->level, 19);
  EXPECT_EQ(parse_compression("zstd:-7")->level, -7);
  for (const char* bad : {"", "zstd:", "zstd:0x1", "zstd:20", "zstd:-8", "zstd:-0", "zstd:01", "ZSTD", "gzip", "zstd1"}) {
    EXPECT_FALSE(parse_compression(bad).has_value()) << bad;
  }
  EXPECT_EQ(compression_text(*parse_compression("zstd")), "zstd:1");
  EXPECT_EQ(compression_text(*parse_compression("none")), "none");
  // zstd keeps the text log plain; zstd-all compresses it too.
  const Compression json_only = *parse_compression("zstd:3");
  const Compression all = *parse_compression("zstd-all:3");
  EXPECT_EQ(compression_text(all), "zstd-all:3");
  EXPECT_EQ(all.level, 3);
  EXPECT_FALSE(stream_compression(json_only, true).on());
  EXPECT_TRUE(stream_compression(json_only, false).on());
  EXPECT_TRUE(stream_compression(all, true).on());
  EXPECT_EQ(stream_compression(all, true).level, 3);
  for (const char* bad : {"zstd-all:", "zstd-al", "zstd-all:20", "zstd-all-all"}) {
    EXPECT_FALSE(parse_compression(bad).has_value()) << bad;
  }
  EXPECT_EQ(sidecar_file_name("events.jsonl.zst"), "events.chain");
  EXPECT_EQ(plain_file_name("syscalls.log.zst"), "syscalls.log");
  EXPECT_EQ(plain_file_name("syscalls.log"), "syscalls.log");
}

// The same appends and flushes, stored plain and compressed: the same heads (the plain lines
// are hashed), LineReader gives the same lines back, and the blocks verify.
TEST(Compression, SameChainAndLinesAsPlain) {
  TempDir dir;
  const Compression zstd = *parse_compression("zstd:3");
  ChainedStream plain(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRunId);
  std::filesystem::create_directory(dir.path() / "z");  // the sidecars have the same name
  ChainedStream packed(dir.path() / "z", "events", "events.jsonl", StreamForm::Jsonl, kRunId, Chaining::Blocks, zstd);
  EXPECT_EQ(packed.file_name(), "events.jsonl.zst");
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    const std::string rec = "{\"seq\":" + std::to_string(i) + ",\"syscall\":\"read\",\"ret\":" + std::to_string(i % 7) + "}";
    plain.append(rec);
    packed.append(rec);
    expected += rec + "\n";
    if (i % 100 == 99) {
      plain.flush();
      packed.flush();
    }
  }
  plain.close();
  packed.close();
  EXPECT_EQ(packed.head(), plain.head());
  EXPECT_EQ(read_file(dir.path() / "events.jsonl"), expected);
  // The sidecars differ only by the frame keys.
  LineReader reader(dir.path() / "z" / "events.jsonl.zst");
  std::string got;
  std::string_view line;
  bool nl = false;
  while (reader.next(line, nl)) got += std::string(line) + (nl ? "\n" : "");
  EXPECT_EQ(reader.error(), 0) << reader.error_text();
  EXPECT_EQ(got, expected);
  EXPECT_FALSE(reader.ended_mid_frame());
  EXPECT_LT(read_file(dir.path() / "z" / "events.jsonl.zst").size() * 5, expected.size());
}

TEST(Compression, EachBlockIsAFlushPointThatVerifies) {
  TempDir dir;
  {
    ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRunId, Chaining::Blocks,
                    *parse_compression("zstd"));
    for (int i = 0; i < 50; ++i) {
      s.append("{\"seq\":" + std::to_string(i) + "}");
      if (i % 10 == 9) s.flush();
    }
    // Before the close: every block's lines decode already (what tail reads live).
    LineReader live(dir.path() / "events.jsonl.zst");
    std::string_view line;
    bool nl = false;
    int n = 0;
    while (live.next(line, nl)) n += nl ? 1 : 0;
    EXPECT_EQ(n, 50);
    EXPECT_TRUE(live.ended_mid_frame());
  }
  StreamCheckInput in;
  in.dir = dir.path();
  in.stream = "events";
  in.file = "events.jsonl.zst";
  in.run_id = kRunId;
  in.check_seq = true;
  const StreamCheck ok = check_block_stream(in);
  EXPECT_TRUE(ok.verdict.ok) << ok.verdict.reason;
  EXPECT_EQ(ok.verdict.records, 50u);
  EXPECT_EQ(ok.tail_bytes, 0u);  // the 3 bytes that end the frame at close are accepted
}

}  // namespace
}  // namespace capsule
