// A program that names itself to drive the terminal: every human output of capsule about it (the
// end-of-run summary and its finding lines, `capsule findings`, `capsule runs`, `capsule verify`)
// shows the control characters as \xNN, so nothing it prints can overwrite or hide capsule's lines.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness.h"

namespace capsule::test {
namespace {

// CR, erase line, cursor up, a fake summary, a newline and "hidden text" on: what an attacker
// would exec to rewrite the summary line on a terminal.
const std::string kHostileName = "x\r\x1b[2K\x1b[1Acapsule: 0 findings\n\x1b[8m";

void expect_inert(const std::string& text, const std::string& what) {
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << what << ":\n" << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << what << ":\n" << text;
  EXPECT_EQ(text.find("\n\\x1b[8m"), std::string::npos) << what;
}

// Every line of text starts with prefix: no line was split by a newline from the program.
void expect_lines_start_with(const std::string& text, const std::string& prefix, const std::string& what) {
  size_t start = 0;
  while (start < text.size()) {
    EXPECT_EQ(text.compare(start, prefix.size(), prefix), 0) << what << ":\n" << text;
    const size_t nl = text.find('\n', start);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

TEST(TerminalEscape, AHostileProgramNameCannotDriveTheTerminal) {
  TempDir home;
  TempDir tmp;  // shared as /tmp is (1777): exec-from-temp fires and its description quotes the path
  std::filesystem::permissions(tmp.path(), std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
  const auto exe = tmp.path() / kHostileName;
  std::filesystem::copy_file("/bin/true", exe);
  std::filesystem::permissions(exe, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);

  const Outcome run = capsule_run(home.path(), {exe.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_inert(run.err, "run summary");
  expect_lines_start_with(run.err, "capsule: ", "run summary");
  EXPECT_NE(run.err.find("exec-from-temp"), std::string::npos) << run.err;
  // The name is there, escaped, on the finding's line.
  EXPECT_NE(run.err.find("x\\x0d\\x1b[2K\\x1b[1Acapsule: 0 findings\\x0a\\x1b[8m"), std::string::npos) << run.err;

  const std::string h = home.path().string();
  const Outcome findings = run_program({capsule_bin(), "findings", "--home", h});
  ASSERT_EQ(findings.exit_code, 0) << findings.err;
  expect_inert(findings.out, "findings");
  EXPECT_NE(findings.out.find("\\x1b[2K"), std::string::npos) << findings.out;
  // One line per finding: as many lines as records in risks.jsonl.
  const size_t records = read_lines(latest_run(home.path()) / "risks.jsonl").size();
  ASSERT_GT(records, 0u);
  EXPECT_EQ(static_cast<size_t>(std::count(findings.out.begin(), findings.out.end(), '\n')), records) << findings.out;

  const Outcome runs = run_program({capsule_bin(), "runs", "--home", h});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  expect_inert(runs.out, "runs");
  EXPECT_EQ(std::count(runs.out.begin(), runs.out.end(), '\n'), 2) << runs.out;  // header + the run

  const Outcome verify = run_program({capsule_bin(), "verify", "--home", h});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  expect_inert(verify.out + verify.err, "verify");
}

}  // namespace
}  // namespace capsule::test
