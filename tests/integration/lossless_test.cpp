// Issue 18, "never lose data silently" and "detection and display": what a hostile program does
// to make the record incomplete or wrong, run under capsule, with the exact outcome asserted.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

// The rules of the latest run's findings. A build tree under /tmp (a CI clone, say) puts the
// helpers in a temporary directory, and exec-from-temp then rightly reports running one: that
// finding is about where the test was built, not about what the helper did, so it is left out.
std::vector<std::string> rules_found(const fs::path& home) {
  const std::string helpers = fs::weakly_canonical(CAPSULE_HELPER_DIR).string() + "/";
  std::vector<std::string> out;
  for (const auto& r : read_jsonl(latest_run(home) / "risks.jsonl")) {
    if (r.at("rule") == "exec-from-temp" && r.value("exe", "").rfind(helpers, 0) == 0) continue;
    out.push_back(r.at("rule"));
  }
  return out;
}

// The events.jsonl records of the latest run made on `file` (its fd names it).
std::vector<nlohmann::json> calls_on(const fs::path& home, const std::string& name, const std::string& file) {
  std::vector<nlohmann::json> out;
  for (const auto& e : read_jsonl(latest_run(home) / "events.jsonl")) {
    if (e.value("syscall", "") != name || !e.contains("fds")) continue;
    for (const auto& [fd, path] : e["fds"].items()) {
      if (path == file) out.push_back(e);
    }
  }
  return out;
}

TEST(Lossless, PathsLongerThanTheStringLimitAreRecordedWhole) {
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("long_path"), "/etc/shadow", "1211"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  ASSERT_EQ(o.out, "1211\n");
  const auto opens = calls_on(home.path(), "openat", "/etc/shadow");
  ASSERT_EQ(opens.size(), 1u);
  const std::string path = opens[0]["args"]["pathname"];  // a plain string: not truncated
  EXPECT_EQ(path.size(), 1211u);
  EXPECT_EQ(path.substr(path.size() - 13), "/./etc/shadow");
  EXPECT_EQ(calls_on(home.path(), "read", "/etc/shadow").size(), 1u);
  EXPECT_EQ(rules_found(home.path()), std::vector<std::string>{"shadow-read"});
  // Data buffers still stop at the limit; paths do not.
  const auto small = capsule_run(home.path(), {helper("long_path"), "/etc/shadow", "1211"}, {"--string-limit", "8"});
  ASSERT_EQ(small.exit_code, 0) << small.err;
  const auto opens8 = calls_on(home.path(), "openat", "/etc/shadow");
  ASSERT_EQ(opens8.size(), 1u);
  EXPECT_EQ(opens8[0]["args"]["pathname"].get<std::string>().size(), 1211u);
  const auto reads8 = calls_on(home.path(), "read", "/etc/shadow");
  ASSERT_EQ(reads8.size(), 1u);
  EXPECT_EQ(reads8[0]["args"]["buf"]["str"].get<std::string>().size(), 8u);
  EXPECT_TRUE(reads8[0]["args"]["buf"]["truncated"].get<bool>());
}

TEST(Lossless, ProcessesCountsEachProcessOnce) {
  TempDir home;
  for (int round = 0; round < 3; ++round) {
    const auto o = capsule_run(home.path(), {helper("fork_bomb"), "300"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    ASSERT_EQ(o.out, "300\n");
    EXPECT_EQ(latest_manifest(home.path())["processes"], 301) << "round " << round;
  }
}

// The events.jsonl records of syscall `name` in the latest run.
std::vector<nlohmann::json> calls_named(const fs::path& home, const std::string& name) {
  std::vector<nlohmann::json> out;
  for (const auto& e : read_jsonl(latest_run(home) / "events.jsonl")) {
    if (e.value("syscall", "") == name) out.push_back(e);
  }
  return out;
}

class Unprivileged : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to run capsule as uid 65534";
    if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv (util-linux) is not installed";
    ::chmod(dir.path().c_str(), 0755);
    home = nobody_home(dir);
  }
  Outcome run(const std::vector<std::string>& argv) {
    std::vector<std::string> cmd{capsule_bin(), "run", "--home", home.string(), "--"};
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    return run_program(as_nobody(home, cmd));
  }
  TempDir dir;
  fs::path home;
};

TEST_F(Unprivileged, MakingItselfNonDumpableIsRefusedAndRecorded) {
  const auto o = run({helper("nondumpable"), "prctl", "/etc/hostname"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out.substr(0, 12), "prctl EPERM\n");
  EXPECT_NE(o.out.find("dumpable 1\n"), std::string::npos) << o.out;
  const auto prctls = calls_named(home, "prctl");
  ASSERT_FALSE(prctls.empty());
  EXPECT_EQ(prctls[0]["args"]["option"], "PR_SET_DUMPABLE") << prctls[0].dump();
  EXPECT_EQ(prctls[0]["errno"], "EPERM");
  EXPECT_TRUE(prctls[0].value("denied", false));
  // Everything after it is still read: the path of the open that follows.
  EXPECT_EQ(calls_on(home, "openat", "/etc/hostname").at(0)["args"]["pathname"], "/etc/hostname");
  EXPECT_FALSE(latest_manifest(home)["extra"].contains("records_unreadable"));
}

TEST_F(Unprivileged, UnreadableMemoryIsSaidAndCounted) {
  // An execute-only copy: exec'd by uid 65534, who may not read it, the process is non-dumpable.
  const fs::path xonly = dir.path() / "xonly";
  fs::copy_file(helper("nondumpable"), xonly);
  ASSERT_EQ(::chmod(xonly.c_str(), 0111), 0);
  const auto o = run({xonly.string(), "none", "/etc/hostname"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "read 3\ndumpable 0\n");
  // The open's path and the write's data are missing, and the record says so.
  const auto opens = calls_named(home, "openat");
  ASSERT_FALSE(opens.empty());
  const auto& open = opens.back();
  EXPECT_EQ(open["args"]["pathname"], "unreadable") << open.dump();
  EXPECT_TRUE(open.value("unreadable", false));
  const auto writes = calls_named(home, "write");
  ASSERT_FALSE(writes.empty());
  EXPECT_EQ(writes.back()["args"]["buf"], "unreadable");
  uint64_t unreadable = 0;
  for (const auto& e : read_jsonl(latest_run(home) / "events.jsonl")) unreadable += e.value("unreadable", false);
  ASSERT_GT(unreadable, 0u);
  // Counted in the manifest, said on the summary line and by verify.
  EXPECT_EQ(latest_manifest(home)["extra"]["records_unreadable"], unreadable);
  EXPECT_NE(o.err.find(" \u00b7 incomplete: " + std::to_string(unreadable) + " records with unreadable memory \u00b7 "),
            std::string::npos) << o.err;
  const auto v = run_program(as_nobody(home, {capsule_bin(), "verify", "--home", home.string()}));
  EXPECT_NE(v.out.find("; the record is incomplete (below)\n"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("  incomplete: " + std::to_string(unreadable) + " records whose memory capsule could not read"),
            std::string::npos) << v.out;
}

TEST(Privileged, RootMayMakeTheProgramNonDumpableAndStillReadsIt) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("nondumpable"), "prctl", "/etc/hostname"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "prctl ok\nread 3\ndumpable 0\n");
  EXPECT_EQ(calls_on(home.path(), "openat", "/etc/hostname").at(0)["args"]["pathname"], "/etc/hostname");
  EXPECT_FALSE(latest_manifest(home.path())["extra"].contains("records_unreadable"));
}

TEST(Detection, MemfdExecByAChildIsFound) {
  for (const std::string mode : {"fexecve", "proc"}) {
    TempDir home;
    const auto o = capsule_run(home.path(), {helper("memfd_child_exec"), mode, "/bin/true"});
    ASSERT_EQ(o.exit_code, 0) << mode << ": " << o.err;
    EXPECT_EQ(rules_found(home.path()), std::vector<std::string>{"memfd-exec"}) << mode;
  }
}

}  // namespace
}  // namespace capsule::test
