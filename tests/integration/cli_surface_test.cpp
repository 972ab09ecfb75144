// What a user installs with capsule (#26): shell completions and man pages made from the commands
// as registered, strace's spellings of run's options, and the .deb itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// What bash's completion function offers for the words typed so far (the last word is the one
// being completed).
std::string bash_completes(const std::string& words) {
  const std::string script = "source <(" + std::string(capsule_bin()) + " completion bash); COMP_WORDS=(" + words +
                             "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _capsule; printf '%s\\n' \"${COMPREPLY[@]}\"";
  const Outcome o = run_program({"/bin/bash", "-c", script});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return o.out;
}

TEST(CliSurface, BashCompletesCommandsOptionsAndChoices) {
  EXPECT_EQ(bash_completes("capsule ru"), "run\nruns\n");
  EXPECT_EQ(bash_completes("capsule run --back"), "--backend\n");
  EXPECT_EQ(bash_completes("capsule run --backend ''"), "ptrace\nstrace\nebpf\nauto\n");
  EXPECT_EQ(bash_completes("capsule run --compress zstd"), "zstd\nzstd-all\n");
  EXPECT_EQ(bash_completes("capsule findings --min h"), "high\n");
  EXPECT_EQ(bash_completes("capsule help ver"), "verify\n");
  // The program of `capsule run` is a command name.
  EXPECT_NE(bash_completes("capsule run -q pytho").find("python3\n"), std::string::npos);
}

// zsh and fish read their scripts without an error (both shells' own syntax check).
TEST(CliSurface, ZshAndFishScriptsParse) {
  for (const char* shell : {"zsh", "fish"}) {
    const Outcome script = run_program({capsule_bin(), "completion", shell});
    ASSERT_EQ(script.exit_code, 0) << script.err;
    EXPECT_NE(script.out.find("string-limit"), std::string::npos) << shell;
    EXPECT_NE(script.out.find("ptrace strace ebpf"), std::string::npos) << shell;
    TempDir dir;
    const fs::path file = dir.path() / "capsule-completion";
    spit(file, script.out);
    const Outcome check = run_program({std::string("/usr/bin/") + shell, "-n", file.string()});
    EXPECT_EQ(check.exit_code, 0) << shell << ": " << check.err;
  }
  const Outcome bad = run_program({capsule_bin(), "completion", "tcsh"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "capsule: completion: no script for 'tcsh'; capsule has them for bash, zsh or fish\n");
}

// The build wrote a page for capsule and for every command it lists, and groff reads each
// without a warning (but those of lines it cannot adjust or break: long option spellings, which
// lintian ignores too).
TEST(CliSurface, ManPagesForEveryCommand) {
  const Outcome list = run_program({capsule_bin(), "manpage", "--list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::vector<std::string> pages{"capsule.1"};
  for (const std::string& cmd : split_lines(list.out)) pages.push_back("capsule-" + cmd + ".1");
  EXPECT_GE(pages.size(), 12u);
  const fs::path man = fs::path(CAPSULE_BUILD_DIR) / "share" / "man";
  for (const std::string& page : pages) {
    ASSERT_TRUE(fs::exists(man / page)) << page;
    const Outcome g = run_program({"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-Wbreak", "-z", (man / page).string()});
    EXPECT_EQ(g.exit_code, 0) << page;
    EXPECT_EQ(g.err, "") << page;
  }
  const std::string run_page = slurp_raw(man / "capsule-run.1");
  EXPECT_NE(run_page.find("\\-\\-redact"), std::string::npos);
  EXPECT_NE(run_page.find(".SH SYNOPSIS\n.B capsule run\n[\\fIOPTIONS\\fR] [\\fB\\-\\-\\fR] \\fIPROGRAM\\fR"),
            std::string::npos);
  EXPECT_NE(slurp_raw(man / "capsule.1").find("\\fBcapsule\\-verify\\fR(1)"), std::string::npos);
}

// strace's -s, -e trace= and -f mean what they mean to strace.
TEST(CliSurface, StraceSpellingsOfRunOptions) {
  TempDir home;
  const Outcome o = capsule_run(home.path(), {"/bin/sh", "-c", "echo abcdefghijklmnop >/dev/null; cat /dev/null"},
                                {"-f", "-s", "4", "-e", "trace=write"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json m = latest_manifest(home.path());
  EXPECT_EQ(m.at("extra").at("trace_selection").at("spec"), "write") << m.dump();
  bool saw_write = false;
  for (const auto& ev : read_jsonl(latest_run(home.path()) / "events.jsonl")) {
    if (ev.value("syscall", "") != "write") continue;
    saw_write = true;
    EXPECT_EQ(ev.at("args").at("buf"), (nlohmann::json{{"str", "abcd"}, {"truncated", true}})) << ev.dump();
  }
  EXPECT_TRUE(saw_write);
  const Outcome bad = capsule_run(home.path(), {"true"}, {"-e", "signal=none"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("only trace=SPEC is supported"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace capsule::test
