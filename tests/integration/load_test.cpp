// Many processes and many threads: nothing hangs, nothing is lost.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.h"

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

}  // namespace
}  // namespace capsule::test
