// ChainedStream: file forms, permissions, buffering and write failures.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <cstring>

#include "log/chain/chained_stream.h"
#include "temp_dir.h"

namespace capsule {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;

constexpr char kRun[] = "0f3c8a52-6d1e-4f7b-9a2c-1b2d3e4f5a6b";

TEST(ChainedStream, PerRecordJsonlLinesCarryTheirChainHash) {
  TempDir dir;
  Chain expected(kRun, "checkpoints");
  {
    ChainedStream s(dir.path(), "checkpoints", "checkpoints.jsonl", StreamForm::Jsonl, kRun,
                    Chaining::PerRecord);
    s.append("{\"seq\":0}");
    s.append("{\"seq\":1,\"a\":\"}\"}");
    EXPECT_EQ(s.count(), 2u);
    s.close();
    expected.append("{\"seq\":0}");
    const std::string h0 = expected.head_hex();
    expected.append("{\"seq\":1,\"a\":\"}\"}");
    EXPECT_EQ(s.head_hex(), expected.head_hex());
    EXPECT_EQ(read_file(dir.path() / "checkpoints.jsonl"),
              "{\"seq\":0,\"chain\":\"" + h0 + "\"}\n{\"seq\":1,\"a\":\"}\",\"chain\":\"" +
                  expected.head_hex() + "\"}\n");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "checkpoints.chain"));
  }
  EXPECT_EQ(mode_of(dir.path() / "checkpoints.jsonl"), 0600u);
  EXPECT_THROW(ChainedStream(dir.path(), "x", "x.log", StreamForm::Text, kRun, Chaining::PerRecord),
               std::invalid_argument);
}

// Each flush writes the lines as they are and one sidecar entry over them, chained to the last.
TEST(ChainedStream, EachFlushIsOneBlockInTheSidecar) {
  TempDir dir;
  const std::string a = "1 00:00:00.000000 getpid() = 1";
  const std::string b = "1 00:00:00.000001 getppid() = 0";
  const std::string c = "1 00:00:00.000002 exit_group(0) = ?";
  ChainedStream s(dir.path(), "syscalls", "syscalls.log", StreamForm::Text, kRun);
  EXPECT_EQ(s.head(), block_genesis(kRun, "syscalls"));
  s.append(a);
  s.append(b);
  s.flush();
  s.flush();  // nothing new: no empty block
  s.append(c);
  s.close();
  EXPECT_EQ(read_file(dir.path() / "syscalls.log"), a + "\n" + b + "\n" + c + "\n");
  const BlockHeader b0{0, 0, 2, 0, a.size() + b.size() + 2};
  const Hash32 h0 = chain_block(kRun, "syscalls", b0, block_genesis(kRun, "syscalls"), a + "\n" + b + "\n");
  const BlockHeader b1{1, 2, 1, b0.bytes, c.size() + 1};
  const Hash32 h1 = chain_block(kRun, "syscalls", b1, h0, c + "\n");
  EXPECT_EQ(read_file(dir.path() / "syscalls.chain"),
            render_block_entry(b0, h0) + "\n" + render_block_entry(b1, h1) + "\n");
  EXPECT_EQ(s.head(), h1);
  EXPECT_EQ(s.count(), 3u);
  EXPECT_EQ(render_block_entry(b1, h1), "{\"block\":1,\"first\":2,\"count\":1,\"offset\":" +
                                            std::to_string(b0.bytes) + ",\"bytes\":" +
                                            std::to_string(c.size() + 1) + ",\"hash\":\"" +
                                            to_hex(h1) + "\"}");
  EXPECT_EQ(mode_of(dir.path() / "syscalls.log"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "syscalls.chain"), 0600u);
  s.close();  // idempotent
}

TEST(ChainedStream, JsonlLinesAreWrittenAsRendered) {
  TempDir dir;
  ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
  s.append("{\"seq\":0}");
  s.append("{\"seq\":1,\"a\":\"}\"}");
  s.close();
  EXPECT_EQ(read_file(dir.path() / "events.jsonl"), "{\"seq\":0}\n{\"seq\":1,\"a\":\"}\"}\n");
  BlockHeader b;
  Hash32 h;
  const std::string side = read_file(dir.path() / "events.chain");
  ASSERT_TRUE(parse_block_entry(side.substr(0, side.size() - 1), b, h));
  EXPECT_EQ(b.count, 2u);
  EXPECT_EQ(h, s.head());
}

TEST(ChainedStream, BlockEntryParserIsStrict) {
  const Hash32 h = block_genesis(kRun, "events");
  const BlockHeader b{3, 40, 7, 12345, 999};
  const std::string good = render_block_entry(b, h);
  BlockHeader got;
  Hash32 got_h;
  ASSERT_TRUE(parse_block_entry(good, got, got_h));
  EXPECT_EQ(got.index, 3u);
  EXPECT_EQ(got.first, 40u);
  EXPECT_EQ(got.count, 7u);
  EXPECT_EQ(got.offset, 12345u);
  EXPECT_EQ(got.bytes, 999u);
  EXPECT_EQ(got_h, h);
  for (const std::string& bad :
       {good + " ", good.substr(1), std::string("{\"block\":03") + good.substr(10),
        std::string("{\"block\":-3") + good.substr(10), good.substr(0, good.size() - 3) + "X\"}",
        std::string("{\"block\":99999999999999999999") + good.substr(10), std::string()}) {
    EXPECT_FALSE(parse_block_entry(bad, got, got_h)) << bad;
  }
}

TEST(ChainedStream, PermissionsIgnoreAPermissiveUmask) {
  TempDir dir;
  const mode_t old = ::umask(0);
  {
    ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
  }
  ::umask(old);
  EXPECT_EQ(mode_of(dir.path() / "events.jsonl"), 0600u);
}

TEST(ChainedStream, RefusesToReuseAFile) {
  TempDir dir;
  testing::write_file(dir.path() / "events.jsonl", "old\n");
  EXPECT_THROW(ChainedStream(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun),
               LogWriteError);
  EXPECT_EQ(read_file(dir.path() / "events.jsonl"), "old\n");
}

TEST(ChainedStream, BuffersUntilFlushIsDue) {
  TempDir dir;
  ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
  EXPECT_FALSE(s.flush_due(0, 100'000));
  s.append("{\"seq\":0}");
  EXPECT_EQ(read_file(dir.path() / "events.jsonl"), "");
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const int64_t now_us = now.tv_sec * 1'000'000LL + now.tv_nsec / 1000;
  EXPECT_FALSE(s.flush_due(now_us, 100'000'000));
  EXPECT_TRUE(s.flush_due(now_us + 200'000, 100'000));
  s.flush();
  EXPECT_FALSE(s.flush_due(now_us + 200'000, 100'000));
  EXPECT_NE(read_file(dir.path() / "events.jsonl"), "");
}

// Blocks close at kStreamFlushBytes; what they hold is written once kStreamWriteBytes of them wait,
// each block still named in the sidecar once its lines are on disk.
TEST(ChainedStream, LargeBufferFlushesByItself) {
  TempDir dir;
  ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
  const std::string record = "{\"seq\":0,\"pad\":\"" + std::string(1000, 'p') + "\"}";
  const size_t line = record.size() + 1;
  size_t i = 0;
  for (; (i + 1) * line < kStreamWriteBytes - kStreamFlushBytes; ++i) s.append(record);
  EXPECT_EQ(read_file(dir.path() / "events.jsonl"), "") << "written before a megabyte waited";
  EXPECT_EQ(read_file(dir.path() / "events.chain"), "");
  for (; i * line < kStreamWriteBytes + kStreamFlushBytes; ++i) s.append(record);
  const std::string written = read_file(dir.path() / "events.jsonl");
  EXPECT_GE(written.size(), kStreamWriteBytes);
  EXPECT_EQ(written.size() % line, 0u);
  const std::string side = read_file(dir.path() / "events.chain");
  const size_t blocks = static_cast<size_t>(std::count(side.begin(), side.end(), '\n'));
  EXPECT_GE(blocks, kStreamWriteBytes / (kStreamFlushBytes + line));  // many blocks in one write
  EXPECT_LE(blocks, kStreamWriteBytes / kStreamFlushBytes + 1);
}

TEST(ChainedStream, RejectsPayloadsThatWouldBreakFraming) {
  TempDir dir;
  ChainedStream j(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
  EXPECT_THROW(j.append("{}"), std::invalid_argument);
  EXPECT_THROW(j.append("[1]"), std::invalid_argument);
  ChainedStream t(dir.path(), "syscalls", "syscalls.log", StreamForm::Text, kRun);
  EXPECT_THROW(t.append("a\nb"), std::invalid_argument);
  EXPECT_EQ(j.count(), 0u);
  EXPECT_EQ(t.count(), 0u);
}

// A record rendered into the stream's buffer is the record appended: the same file, sidecar and
// head, across the flushes the buffer's size forces; a rendering that breaks the framing throws
// and leaves nothing of itself behind.
TEST(ChainedStream, RenderedRecordsAreAppendedRecords) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "a");
  std::filesystem::create_directory(dir.path() / "b");
  ChainedStream appended(dir.path() / "a", "events", "events.jsonl", StreamForm::Jsonl, kRun);
  ChainedStream rendered(dir.path() / "b", "events", "events.jsonl", StreamForm::Jsonl, kRun);
  for (int i = 0; i < 300; ++i) {
    const std::string record = "{\"seq\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i * 7 % 900, 'p') + "\"}";
    appended.append(record);
    rendered.append_rendered([&](std::string& out) { out += record; });
    if (i == 150) {
      EXPECT_THROW(rendered.append_rendered([](std::string& out) { out += "[1]"; }), std::invalid_argument);
      EXPECT_THROW(rendered.append_rendered([](std::string& out) {
        out += "{\"a\":";
        throw std::runtime_error("rendering failed");
      }), std::runtime_error);
    }
  }
  EXPECT_EQ(rendered.count(), appended.count());
  appended.close();
  rendered.close();
  EXPECT_EQ(rendered.head_hex(), appended.head_hex());
  EXPECT_EQ(read_file(dir.path() / "b/events.jsonl"), read_file(dir.path() / "a/events.jsonl"));
  EXPECT_EQ(read_file(dir.path() / "b/events.chain"), read_file(dir.path() / "a/events.chain"));
  // A text stream refuses a rendered newline as append does.
  ChainedStream t(dir.path(), "syscalls", "syscalls.log", StreamForm::Text, kRun);
  EXPECT_THROW(t.append_rendered([](std::string& out) { out += "a\nb"; }), std::invalid_argument);
  t.append_rendered([](std::string& out) { out += "1 00:00:00.000000 getpid() = 1"; });
  t.close();
  EXPECT_EQ(read_file(dir.path() / "syscalls.log"), "1 00:00:00.000000 getpid() = 1\n");
}

TEST(ChainedStream, SidecarFileName) {
  EXPECT_EQ(sidecar_file_name("syscalls.log"), "syscalls.chain");
  EXPECT_EQ(sidecar_file_name("trace"), "trace.chain");
}

// A full disk, simulated with RLIMIT_FSIZE: the write must fail loudly, keep the unwritten
// bytes, never put a sidecar entry on disk for a line that is not, and not hash the retried bytes
// twice: the lines of the failed flush and those appended after it make two blocks.
TEST(ChainedStream, WriteFailureIsReportedNotHidden) {
  TempDir dir;
  ChainedStream s(dir.path(), "syscalls", "syscalls.log", StreamForm::Text, kRun);
  for (int i = 0; i < 10; ++i) s.append("1 00:00:00.000000 getpid() = " + std::to_string(i));

  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = 100;
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  int err = 0;
  try {
    s.flush();
  } catch (const LogWriteError& e) {
    err = e.error_code();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(err, EFBIG);
  EXPECT_EQ(read_file(dir.path() / "syscalls.chain"), "");
  EXPECT_TRUE(s.flush_due(INT64_MAX / 2, 1));  // the rest is still waiting
  s.append("1 00:00:00.000000 getpid() = 10");

  s.close();  // the retry, with room again, completes both files
  const std::string log = read_file(dir.path() / "syscalls.log");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 11);
  const std::string side = read_file(dir.path() / "syscalls.chain");
  ASSERT_EQ(std::count(side.begin(), side.end(), '\n'), 2);
  BlockHeader b;
  Hash32 h;
  ASSERT_TRUE(parse_block_entry(side.substr(side.find('\n') + 1, side.size() - side.find('\n') - 2), b, h));
  EXPECT_EQ(b.first, 10u);
  EXPECT_EQ(b.count, 1u);
  EXPECT_EQ(b.offset + b.bytes, log.size());
}

}  // namespace
}  // namespace capsule
