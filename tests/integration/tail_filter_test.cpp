// capsule tail as a reader uses it in a busy run (#25): lines cut to the width, never wrapped;
// filters by process, kind, path and severity; findings told by their description.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

class TailFilter : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    home_ = new TempDir;
    ASSERT_EQ(capsule_run(home_->path(), {"sh", "-c", "cat /etc/shadow >/dev/null; cat /nonexistent 2>/dev/null; true"})
                  .exit_code, 0);
  }
  static void TearDownTestSuite() { delete home_; }
  static Outcome tail(std::vector<std::string> args) {
    std::vector<std::string> cmd{capsule_bin(), "tail", "--home", home_->path().string(), "--no-follow"};
    cmd.insert(cmd.end(), args.begin(), args.end());
    return run_program(cmd, {"NO_COLOR="});
  }
  static TempDir* home_;
};
TempDir* TailFilter::home_ = nullptr;

TEST_F(TailFilter, LinesAreCutToTheWidth) {
  const Outcome o = tail({"syscalls", "--width", "40"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto lines = output_lines(o.out);
  EXPECT_EQ(lines.size(), read_lines(latest_run(home_->path()) / "syscalls.log").size());
  size_t cut = 0;
  for (const auto& l : lines) {
    EXPECT_LE(display_columns(l), 40u) << l;
    if (l.ends_with("\u2026")) ++cut;
  }
  EXPECT_GT(cut, 0u);
  // Not a terminal and no --width: nothing is cut.
  EXPECT_EQ(tail({"syscalls"}).out, slurp(latest_run(home_->path()) / "syscalls.log"));
}

// The default view (actions) shows each finding among them, marked; --json keeps the actions
// exactly as stored, and `tail actions` named explicitly shows the actions alone.
TEST_F(TailFilter, DefaultViewMarksFindingsAmongTheActions) {
  const Outcome o = tail({"--width", "0"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto lines = output_lines(o.out);
  const auto actions = read_lines(latest_run(home_->path()) / "actions.jsonl");
  const auto risks = read_lines(latest_run(home_->path()) / "risks.jsonl");
  ASSERT_FALSE(risks.empty());
  EXPECT_EQ(lines.size(), actions.size() + risks.size());
  size_t marked = 0;
  for (const auto& l : lines) {
    if (l.find(" ! ") == std::string::npos) continue;
    ++marked;
    if (l.find("! shadow-read") != std::string::npos) {
      EXPECT_NE(l.find("read /etc/shadow"), std::string::npos) << l;
      EXPECT_TRUE(l.ends_with("high")) << l;
    }
  }
  EXPECT_EQ(marked, risks.size()) << o.out;
  EXPECT_NE(o.out.find("! shadow-read"), std::string::npos) << o.out;
  EXPECT_EQ(tail({"--json"}).out, slurp(latest_run(home_->path()) / "actions.jsonl"));
  EXPECT_EQ(output_lines(tail({"actions", "--width", "0"}).out).size(), actions.size());
}

TEST_F(TailFilter, KindAndPathSelectTheRecords) {
  const Outcome o = tail({"events", "--kind", "OPENAT", "--path", "/nonexistent"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto lines = output_lines(o.out);
  ASSERT_EQ(lines.size(), 1u) << o.out;
  EXPECT_NE(lines[0].find("openat"), std::string::npos);
  EXPECT_NE(lines[0].find("-1 ENOENT"), std::string::npos);
  // In JSON too, and several kinds at once.
  const Outcome j = tail({"events", "--json", "--kind", "openat,execve", "--path", "/*"});
  size_t execs = 0;
  for (const auto& l : output_lines(j.out)) {
    const auto ev = nlohmann::json::parse(l);
    EXPECT_TRUE(ev.at("syscall") == "openat" || ev.at("syscall") == "execve") << l;
    execs += ev.at("syscall") == "execve" ? 1 : 0;
  }
  EXPECT_EQ(execs, 3u) << j.out;  // sh and the two cats
}

TEST_F(TailFilter, PidSelectsOneProcess) {
  const auto events = read_jsonl(latest_run(home_->path()) / "events.jsonl");
  const int64_t pid = events.back().at("pid");
  size_t want = 0;
  for (const auto& ev : events) want += ev.at("pid") == pid ? 1 : 0;
  const Outcome o = tail({"events", "--json", "--pid", std::to_string(pid)});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(output_lines(o.out).size(), want);
  EXPECT_LT(want, events.size());
}

TEST_F(TailFilter, RisksShowTheDescriptionAndFilterBySeverity) {
  const Outcome o = tail({"risks", "--min-severity", "high"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  bool shadow = false;
  for (const auto& l : output_lines(o.out)) {
    if (l.find("shadow-read") == std::string::npos) continue;
    shadow = true;
    EXPECT_NE(l.find("/etc/shadow"), std::string::npos) << l;  // the description names what was read
  }
  EXPECT_TRUE(shadow) << o.out;
  const Outcome none = tail({"events", "--min-severity", "info"});
  EXPECT_EQ(none.out, "");  // events carry no severity
  const Outcome bad = tail({"risks", "--min-severity", "urgent"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
}  // namespace capsule::test
