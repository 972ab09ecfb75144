// Programs that try to get out from under the tracer.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "harness.h"

namespace capsule::test {
namespace {

TEST(Hostile, CloneUntracedIsRefusedAndClone3FallsBack) {
  TempDir home;
  const auto marker = home.path() / "escaped";
  const auto o = capsule_run(home.path(), {helper("escape_untraced"), marker.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "clone_untraced -1 EPERM\nclone3 -1 ENOSYS\n");
  EXPECT_FALSE(std::filesystem::exists(marker));
  // The attempt is in the record.
  bool seen = false;
  for (const auto& e : read_jsonl(latest_run(home.path()) / "events.jsonl")) {
    if (e.value("syscall", "") == "clone" && e.value("errno", "") == "EPERM") seen = true;
  }
  EXPECT_TRUE(seen);
  // Without capsule the same program does escape: the test can fail.
  TempDir plain;
  const auto p = run_program({helper("escape_untraced"), (plain.path() / "m").string()});
  EXPECT_NE(p.out.find("clone_untraced -1 EPERM"), 0u);
}

TEST(Hostile, ThreadsStillWorkThroughTheClone3Fallback) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"python3", "-c",
      "import threading; t=threading.Thread(target=print, args=('in thread',)); t.start(); t.join()"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "in thread\n");
}

TEST(Hostile, KillingCapsuleKillsTheProgram) {
  TempDir home;
  const auto marker = home.path() / "survived";
  // The program's parent is capsule: it kills it, then tries to carry on untraced.
  const auto o = capsule_run(home.path(), {"sh", "-c", "kill -9 $PPID; sleep 1; echo survived > " + marker.string()});
  EXPECT_EQ(o.exit_code, 128 + 9);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_FALSE(std::filesystem::exists(marker));
  // What was flushed before the kill still verifies (the run is unclean, so not "complete").
  const auto v = run_program({capsule_bin(), "verify", "--home", home.path().string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(Hostile, DoubleForkedDaemonIsFollowedToItsEnd) {
  TempDir home;
  const auto marker = home.path() / "daemon-done";
  const auto o = capsule_run(home.path(), {"sh", "-c",
      "(setsid sh -c 'sleep 0.3; echo done > " + marker.string() + "' &) ; exit 0"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  // capsule waited for the daemon, as strace -f does.
  EXPECT_TRUE(std::filesystem::exists(marker));
  bool daemon_setsid = false;
  for (const auto& e : read_jsonl(latest_run(home.path()) / "events.jsonl")) {
    if (e.value("syscall", "") == "setsid" && e.value("ret", -1) > 0) daemon_setsid = true;
  }
  EXPECT_TRUE(daemon_setsid);
}

TEST(Hostile, TimeoutEndsAProgramThatIgnoresSigterm) {
  TempDir home;
  const auto start = std::chrono::steady_clock::now();
  const auto o = capsule_run(home.path(), {"sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"},
                             {"--timeout", "0.5", "--kill-after", "0.5"});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(o.exit_code, 128 + 9);
  EXPECT_LT(took, std::chrono::seconds(10));
}

}  // namespace
}  // namespace capsule::test
