// The known_sequence helper prints the facts of the syscalls it made; events.jsonl must show
// exactly those calls with exactly those arguments and results.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

using nlohmann::json;

struct Facts {
  std::string path;
  int fd = -1, written = -1, child = -1, child_code = -1, sock = -1, port = -1;
  std::string connect_errno;
  long thread_tid = -1, thread_pid = -1;
};

Facts parse_facts(const std::string& out) {
  Facts f;
  std::istringstream in(out);
  std::string word;
  while (in >> word) {
    if (word == "open") in >> f.path >> f.fd;
    else if (word == "write") in >> f.fd >> f.written;
    else if (word == "child") in >> f.child >> f.child_code;
    else if (word == "connect") in >> f.sock >> f.port >> f.connect_errno;
    else if (word == "thread") in >> f.thread_tid >> f.thread_pid;
  }
  return f;
}

std::vector<json> calls(const std::vector<json>& events, const std::string& name) {
  std::vector<json> out;
  for (const auto& e : events) {
    if (e.value("syscall", "") == name) out.push_back(e);
  }
  return out;
}

class KnownSequence : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto o = capsule_run(home_.path(), {helper("known_sequence"), (home_.path() / "out.txt").string()});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    facts_ = parse_facts(o.out);
    ASSERT_GE(facts_.fd, 0) << o.out;
    run_ = latest_run(home_.path());
    events_ = read_jsonl(run_ / "events.jsonl");
    ASSERT_FALSE(events_.empty());
  }
  TempDir home_;
  Facts facts_;
  std::filesystem::path run_;
  std::vector<json> events_;
};

TEST_F(KnownSequence, OpenHasPathFlagsModeAndFd) {
  int matches = 0;
  for (const auto& e : calls(events_, "openat")) {
    if (e["args"].value("pathname", "") != facts_.path) continue;
    ++matches;
    EXPECT_EQ(e["args"]["dirfd"], "AT_FDCWD");
    EXPECT_EQ(e["args"]["flags"], "O_WRONLY|O_CREAT|O_TRUNC");
    EXPECT_EQ(e["args"]["mode"], "0600");
    EXPECT_EQ(e["ret"], facts_.fd);
    EXPECT_FALSE(e.contains("errno"));
    EXPECT_EQ(e["fds"][std::to_string(facts_.fd)], facts_.path);
  }
  EXPECT_EQ(matches, 1);
}

TEST_F(KnownSequence, WriteHasTheThreeBytes) {
  int matches = 0;
  for (const auto& e : calls(events_, "write")) {
    if (e["args"]["fd"] != facts_.fd) continue;
    ++matches;
    EXPECT_EQ(e["args"]["buf"], "abc");
    EXPECT_EQ(e["args"]["count"], 3);
    EXPECT_EQ(e["ret"], 3);
    EXPECT_EQ(e["fds"][std::to_string(facts_.fd)], facts_.path);
  }
  EXPECT_EQ(matches, 1);
}

TEST_F(KnownSequence, ForkedChildExitsSeven) {
  bool spawned = false, exited = false, exit_group = false;
  for (const auto& e : events_) {
    const auto name = e.value("syscall", "");
    if ((name == "clone" || name == "fork" || name == "clone3") && e.value("ret", -1) == facts_.child) spawned = true;
    if (name == "exit_group" && e["pid"] == facts_.child) {
      exit_group = true;
      EXPECT_EQ(e["args"]["status"], 7);
      EXPECT_EQ(e["ret"], nullptr);  // never returns
    }
    if (e.value("type", "") == "exit" && e["pid"] == facts_.child) {
      exited = true;
      EXPECT_EQ(e["exit_code"], 7);
    }
  }
  EXPECT_TRUE(spawned);
  EXPECT_TRUE(exit_group);
  EXPECT_TRUE(exited);
  EXPECT_EQ(facts_.child_code, 7);
}

TEST_F(KnownSequence, ConnectToClosedPortIsRefused) {
  ASSERT_EQ(facts_.connect_errno, "ECONNREFUSED");
  int matches = 0;
  for (const auto& e : calls(events_, "connect")) {
    if (e["args"]["sockfd"] != facts_.sock) continue;
    ++matches;
    const auto& addr = e["args"]["addr"];
    EXPECT_EQ(addr["sa_family"], "AF_INET");
    EXPECT_EQ(addr["sin_port"], facts_.port);
    EXPECT_EQ(addr["sin_addr"], "127.0.0.1");
    EXPECT_EQ(e["ret"], -1);
    EXPECT_EQ(e["errno"], "ECONNREFUSED");
  }
  EXPECT_EQ(matches, 1);
}

TEST_F(KnownSequence, ThreadGetpidHasItsOwnTid) {
  ASSERT_NE(facts_.thread_tid, facts_.thread_pid);
  int matches = 0;
  for (const auto& e : calls(events_, "getpid")) {
    if (e["tid"] != facts_.thread_tid) continue;
    ++matches;
    EXPECT_EQ(e["pid"], facts_.thread_pid);
    EXPECT_EQ(e["ret"], facts_.thread_pid);
  }
  EXPECT_EQ(matches, 1);
}

TEST_F(KnownSequence, SeqIsGaplessAndTimesAreUtc) {
  for (size_t i = 0; i < events_.size(); ++i) {
    ASSERT_EQ(events_[i]["seq"], i);
    const std::string ts = events_[i]["ts"];
    ASSERT_EQ(ts.size(), 27u) << ts;  // 2026-11-23T17:30:00.123456Z
    ASSERT_EQ(ts.back(), 'Z');
  }
}

TEST_F(KnownSequence, SyscallsLogIsStraceText) {
  const auto lines = read_lines(run_ / "syscalls.log");
  ASSERT_EQ(lines.size(), events_.size());
  // AT_FDCWD with the cwd the helper inherited from this test, as strace -yy writes it.
  const std::string want = "openat(AT_FDCWD<" + std::filesystem::current_path().string() + ">, \"" + facts_.path + "\", O_WRONLY|O_CREAT|O_TRUNC, 0600) = " +
                           std::to_string(facts_.fd) + "<" + facts_.path + ">";
  int found = 0;
  for (const auto& l : lines) {
    if (l.find(want) != std::string::npos) ++found;
  }
  EXPECT_EQ(found, 1) << want;
  const std::string write_want = "write(" + std::to_string(facts_.fd) + "<" + facts_.path + ">, \"abc\", 3) = 3";
  found = 0;
  for (const auto& l : lines) {
    if (l.find(write_want) != std::string::npos) ++found;
  }
  EXPECT_EQ(found, 1) << write_want;
}

}  // namespace
}  // namespace capsule::test
