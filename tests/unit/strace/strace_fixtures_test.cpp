// Every line of every fixture must parse: the real-strace ones (record.sh) and the hand-written
// ones that cover the rarer constructs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "decode/names.h"

#include "strace_test_util.h"

namespace capsule::strace_test {
namespace {

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_path("")))
    if (entry.path().extension() == ".trace") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(StraceFixtures, EveryLineOfEveryFixtureParses) {
  const auto names = fixture_names();
  ASSERT_GE(names.size(), 10u);
  size_t total_lines = 0;
  for (const auto& name : names) {
    const auto lines = read_lines(fixture_path(name));
    ASSERT_FALSE(lines.empty()) << name;
    total_lines += lines.size();
    const ParseResult r = parse_lines(lines);
    for (const auto& e : r.errors)
      ADD_FAILURE() << name << ":" << e.line_number << ": " << e.reason << "\n  " << e.line;
    EXPECT_FALSE(r.events.empty()) << name;
  }
  EXPECT_GT(total_lines, 1000u);
}

TEST(StraceFixtures, RealTracesLookLikeStraceAndOtherFilesDoNot) {
  for (const auto& name : fixture_names()) {
    const auto lines = read_lines(fixture_path(name));
    std::string head;
    for (size_t i = 0; i < lines.size() && i < 20; ++i) head += lines[i] + "\n";
    EXPECT_TRUE(looks_like_strace(head)) << name;
  }
  EXPECT_FALSE(looks_like_strace(""));
  EXPECT_FALSE(looks_like_strace("#!/bin/sh\n# Re-records the fixtures\nset -eu\nout=$(pwd)\n"));
  EXPECT_FALSE(looks_like_strace("int main(void) {\n  printf(\"hi\\n\");\n  return 0;\n}\n"));
  EXPECT_FALSE(looks_like_strace("{\"seq\": 0, \"name\": \"openat\"}\n{\"seq\": 1}\n"));
  EXPECT_FALSE(looks_like_strace(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)));
}

// Facts about the real network trace that do not depend on the run (ports, fds and pids do).
TEST(StraceFixtures, LoopbackTraceHasRefusedConnectAndSocketpair) {
  const ParseResult r = parse_lines(read_lines(fixture_path("net_loopback.trace")));
  ASSERT_TRUE(r.errors.empty());
  bool refused_v4 = false, refused_v6 = false, socketpair = false, unix_enoent = false;
  for (const auto& ev : r.events) {
    if (ev.name == "connect" && ev.err == errno_value("ECONNREFUSED")) {
      ASSERT_GE(ev.args.size(), 2u);
      const Arg& addr = ev.args[1];
      ASSERT_EQ(addr.kind, ArgKind::Struct);
      ASSERT_FALSE(addr.items.empty());
      if (addr.items[0].text == "AF_INET") {
        refused_v4 = true;
        EXPECT_EQ(addr.items[1], Arg::integer(1).named("sin_port"));
        EXPECT_EQ(addr.items[2], Arg::str("127.0.0.1").named("sin_addr"));
      } else if (addr.items[0].text == "AF_INET6") {
        refused_v6 = true;
        EXPECT_EQ(addr.items[3], Arg::str("::1").named("sin6_addr"));
      }
    }
    if (ev.name == "connect" && ev.err == errno_value("ENOENT")) {
      unix_enoent = true;
      EXPECT_EQ(ev.args[1].items[1], Arg::str("/tmp/nonexist.sock").named("sun_path"));
    }
    if (ev.name == "socketpair") {
      socketpair = true;
      ASSERT_EQ(ev.args[3].kind, ArgKind::Array);
      ASSERT_EQ(ev.args[3].items.size(), 2u);
      EXPECT_EQ(ev.args[3].items[0].kind, ArgKind::Fd);
      EXPECT_EQ(ev.fd_refs.size(), 2u);
    }
  }
  EXPECT_TRUE(refused_v4);
  EXPECT_TRUE(refused_v6);
  EXPECT_TRUE(socketpair);
  EXPECT_TRUE(unix_enoent);
}

TEST(StraceFixtures, ThreadedTraceJoinsEveryResumedCall) {
  const ParseResult r = parse_lines(read_lines(fixture_path("python_threads.trace")));
  ASSERT_TRUE(r.errors.empty());
  std::set<int32_t> exited;
  size_t clone3 = 0;
  for (const auto& ev : r.events) {
    if (ev.type == EventType::Exit) exited.insert(ev.pid);
    if (ev.name == "clone3") {
      ++clone3;
      EXPECT_EQ(ev.args.at(0).kind, ArgKind::Struct);
      EXPECT_TRUE(ev.has_ret);
    }
  }
  EXPECT_EQ(clone3, 4u);
  EXPECT_EQ(exited.size(), 5u);  // four threads and the process
}

}  // namespace
}  // namespace capsule::strace_test
