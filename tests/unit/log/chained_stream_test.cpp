// ChainedStream: file forms, permissions, buffering and write failures.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <cstring>

#include "log/chained_stream.h"
#include "temp_dir.h"

namespace capsule {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;

constexpr char kRun[] = "0f3c8a52-6d1e-4f7b-9a2c-1b2d3e4f5a6b";

TEST(ChainedStream, JsonlLinesCarryTheirChainHash) {
  TempDir dir;
  Chain expected(kRun, "events");
  {
    ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
    s.append("{\"seq\":0}");
    s.append("{\"seq\":1,\"a\":\"}\"}");
    EXPECT_EQ(s.count(), 2u);
    s.close();
    expected.append("{\"seq\":0}");
    const std::string h0 = expected.head_hex();
    expected.append("{\"seq\":1,\"a\":\"}\"}");
    EXPECT_EQ(s.head_hex(), expected.head_hex());
    EXPECT_EQ(read_file(dir.path() / "events.jsonl"),
              "{\"seq\":0,\"chain\":\"" + h0 + "\"}\n{\"seq\":1,\"a\":\"}\",\"chain\":\"" +
                  expected.head_hex() + "\"}\n");
  }
  EXPECT_EQ(mode_of(dir.path() / "events.jsonl"), 0600u);
}

TEST(ChainedStream, TextStreamKeepsHashesInASidecar) {
  TempDir dir;
  ChainedStream s(dir.path(), "syscalls", "syscalls.log", StreamForm::Text, kRun);
  s.append("1 00:00:00.000000 getpid() = 1");
  const std::string h0 = s.head_hex();
  s.append("1 00:00:00.000001 exit_group(0) = ?");
  s.close();
  EXPECT_EQ(read_file(dir.path() / "syscalls.log"),
            "1 00:00:00.000000 getpid() = 1\n1 00:00:00.000001 exit_group(0) = ?\n");
  EXPECT_EQ(read_file(dir.path() / "syscalls.chain"), h0 + "\n" + s.head_hex() + "\n");
  EXPECT_EQ(mode_of(dir.path() / "syscalls.log"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "syscalls.chain"), 0600u);
  s.close();  // idempotent
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

TEST(ChainedStream, LargeBufferFlushesByItself) {
  TempDir dir;
  ChainedStream s(dir.path(), "events", "events.jsonl", StreamForm::Jsonl, kRun);
  const std::string record = "{\"seq\":0,\"pad\":\"" + std::string(1000, 'p') + "\"}";
  for (int i = 0; i < 400; ++i) s.append(record);
  EXPECT_GE(read_file(dir.path() / "events.jsonl").size(), kStreamFlushBytes);
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

TEST(ChainedStream, SidecarFileName) {
  EXPECT_EQ(sidecar_file_name("syscalls.log"), "syscalls.chain");
  EXPECT_EQ(sidecar_file_name("trace"), "trace.chain");
}

// A full disk, simulated with RLIMIT_FSIZE: the write must fail loudly, keep the unwritten
// bytes, and never put a sidecar line on disk for a log line that is not.
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

  s.close();  // the retry, with room again, completes both files
  const std::string log = read_file(dir.path() / "syscalls.log");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 10);
  EXPECT_EQ(read_file(dir.path() / "syscalls.chain").size(), 10u * 65u);
}

}  // namespace
}  // namespace capsule
