// capsule watch without a terminal (a pipe, as in scripts): one frame of the run as stored, its
// process tree told from the run's own actions, its findings, every line within $COLUMNS and
// at most $LINES lines; unknown runs and an empty home are usage errors. The live view is
// tested in tmux (tmux_test.cpp).
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

TEST(Watch, OneFrameWhenNotATerminal) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "cat /etc/shadow >/dev/null; true"}).exit_code, 0);
  const auto run = latest_run(home.path());
  // Who is who, from the run's own actions: the shell and the cat it started.
  std::map<std::string, long long> pid_of;
  for (const auto& a : read_jsonl(run / "actions.jsonl")) {
    if (a.value("kind", "") == "Exec") pid_of[a.at("argv").at(0).get<std::string>()] = a.at("pid").get<long long>();
  }
  ASSERT_TRUE(pid_of.contains("sh") && pid_of.contains("cat"));

  const Outcome o = run_program({capsule_bin(), "watch", "--home", home.path().string()}, {"COLUMNS=100", "LINES=40"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto frame = output_lines(o.out);
  ASSERT_LE(frame.size(), 40u) << o.out;
  for (const auto& l : frame) {
    EXPECT_LE(display_columns(l), 100u) << l;
    EXPECT_EQ(l.find('\x1b'), std::string::npos) << l;  // no colour off a terminal
  }
  const std::string id = latest_manifest(home.path()).at("run_id").get<std::string>();
  EXPECT_EQ(frame[0], "capsule watch · run " + id.substr(0, 8) + " · complete · exit 0 · sh -c 'cat /etc/shadow >/dev/null; true'");
  const auto has = [&](const std::string& text) {
    return std::any_of(frame.begin(), frame.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
  };
  char sh_row[64], cat_row[64];
  std::snprintf(sh_row, sizeof sh_row, "%7lld exited 0          sh -c", pid_of["sh"]);
  std::snprintf(cat_row, sizeof cat_row, "%7lld exited 0            cat /etc/shadow", pid_of["cat"]);
  EXPECT_TRUE(has(sh_row)) << o.out;
  EXPECT_TRUE(has(cat_row)) << o.out;  // indented under the shell
  const auto findings = read_jsonl(run / "risks.jsonl");
  ASSERT_FALSE(findings.empty());
  for (const auto& f : findings) EXPECT_TRUE(has("! " + f.at("rule").get<std::string>() + ": ")) << o.out;
  EXPECT_TRUE(has("── latest actions")) << o.out;
  // --once on the same run by id prefix gives the same frame.
  const Outcome by_id = run_program({capsule_bin(), "watch", "--once", "--home", home.path().string(), "--run", id.substr(0, 8)},
                                    {"COLUMNS=100", "LINES=40"});
  EXPECT_EQ(by_id.exit_code, 0) << by_id.err;
  EXPECT_EQ(by_id.out, o.out);
}

TEST(Watch, UnknownRunAndEmptyHomeAreUsageErrors) {
  TempDir home;
  const Outcome none = run_program({capsule_bin(), "watch", "--home", home.path().string()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err.rfind("capsule: no runs in ", 0), 0u) << none.err;
  EXPECT_TRUE(none.out.empty());
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const Outcome unknown = run_program({capsule_bin(), "watch", "--home", home.path().string(), "--run", "ffffffff-0000"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.rfind("capsule: no run matches 'ffffffff-0000'", 0), 0u) << unknown.err;
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1) << unknown.err;
}

}  // namespace
}  // namespace capsule::test
