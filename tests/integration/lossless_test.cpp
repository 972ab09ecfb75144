// Issue 18, "never lose data silently" and "detection and display": what a hostile program does
// to make the record incomplete or wrong, run under capsule, with the exact outcome asserted.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

nlohmann::json manifest_of(const fs::path& home) {
  std::ifstream in(latest_run(home) / "manifest.json");
  return nlohmann::json::parse(in);
}

std::vector<std::string> rules_found(const fs::path& home) {
  std::vector<std::string> out;
  for (const auto& r : read_jsonl(latest_run(home) / "risks.jsonl")) out.push_back(r.at("rule"));
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
    EXPECT_EQ(manifest_of(home.path())["processes"], 301) << "round " << round;
  }
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
