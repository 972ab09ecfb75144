// Many processes and many threads: nothing hangs, nothing is lost.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness.h"
#include "log/rundir/line_reader.h"

namespace capsule::test {
namespace {

TEST(Load, FiveHundredChildrenAndFiftyThreads) {
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("many_children"), "500", "50", "100"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "children 500 reaped 500 getppid 5000\n");
  const auto events = read_jsonl(latest_run(home.path()) / "events.jsonl");
  int getppid = 0, child_exits = 0, exit_groups = 0;
  int root = -1;
  for (const auto& e : events) {
    if (root < 0 && e.contains("pid")) root = e["pid"];
    if (e.value("syscall", "") == "getppid") ++getppid;
    if (e.value("syscall", "") == "exit_group" && e["pid"] != root) ++exit_groups;
    if (e.value("type", "") == "exit" && e["pid"] != root) ++child_exits;
  }
  EXPECT_EQ(getppid, 5000);
  EXPECT_EQ(exit_groups, 500);
  EXPECT_EQ(child_exits, 500);
}

// The full-size storm: 1,000 short processes, then 64 threads × 10,000 getppid calls. The log
// is ~400 MB (so it is stored compressed), so lines are counted by their fixed key order rather than parsed as JSON.
TEST(Load, ThousandChildrenAndSixtyFourThreadsOfTenThousandSyscalls) {
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("many_children"), "1000", "64", "10000"}, {"--quiet", "--compress", "zstd"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "children 1000 reaped 1000 getppid 640000\n");
  const auto run = latest_run(home.path());
  LineReader in(run / "events.jsonl.zst");  // ~400 MB of lines, decoded as they are read
  std::string_view line;
  bool has_newline = false;
  uint64_t getppid = 0, syscalls = 0, exits = 0, lines = 0;
  while (in.next(line, has_newline)) {
    ++lines;
    if (line.find(",\"syscall\":\"getppid\",") != std::string::npos) ++getppid;
    if (line.find(",\"syscall\":\"") != std::string::npos) ++syscalls;
    if (line.find(",\"type\":\"exit\",") != std::string::npos) ++exits;
  }
  EXPECT_EQ(getppid, 640000u);
  EXPECT_EQ(exits, 1000u + 64u + 1u);  // the children, the threads, the program
  std::ifstream m(run / "manifest.json");
  const auto manifest = nlohmann::json::parse(m);
  EXPECT_EQ(manifest["syscalls"], syscalls);
  EXPECT_EQ(manifest["processes"], 1001);
  for (const auto& s : manifest["streams"]) {
    if (s["name"] == "events") {
      EXPECT_EQ(s["records"], lines);
    }
  }
}

}  // namespace
}  // namespace capsule::test
