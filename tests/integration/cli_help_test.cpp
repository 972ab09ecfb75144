// The command line as a new user meets it (#26): help, the version, and mistakes answered with a
// suggestion and where to look.
#include <gtest/gtest.h>

#include "harness.h"

namespace capsule::test {
namespace {

TEST(CliHelp, MistypedCommandGetsASuggestion) {
  const Outcome o = run_program({capsule_bin(), "rn", "--", "true"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "capsule: unknown command 'rn'; did you mean 'run'?\nRun 'capsule help' for the commands.\n");
  const Outcome far = run_program({capsule_bin(), "compile"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err, "capsule: unknown command 'compile'\nRun 'capsule help' for the commands.\n");
}

TEST(CliHelp, MistypedOptionGetsASuggestion) {
  const Outcome o = run_program({capsule_bin(), "run", "--bakend", "ptrace", "--", "true"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("capsule: unknown option '--bakend' for 'capsule run'; did you mean '--backend'?\n"),
            std::string::npos) << o.err;
  EXPECT_NE(o.err.find("Run 'capsule help run' for usage."), std::string::npos) << o.err;
}

TEST(CliHelp, HelpCommand) {
  const Outcome all = run_program({capsule_bin(), "help"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  for (const char* word : {"run", "verify", "prune", "Exit codes"}) EXPECT_NE(all.out.find(word), std::string::npos) << word;
  const Outcome run = run_program({capsule_bin(), "help", "run"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("--redact"), std::string::npos) << run.out;
  const Outcome bad = run_program({capsule_bin(), "help", "rnu"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean 'run'?"), std::string::npos) << bad.err;
}

TEST(CliHelp, VersionNamesTheBuild) {
  for (const char* flag : {"-V", "--version"}) {
    const Outcome o = run_program({capsule_bin(), flag});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(o.out.rfind("capsule 0.", 0), 0u) << o.out;
    // "(<git describe, or unknown outside a checkout>, <build type>)"
    EXPECT_NE(o.out.find(" ("), std::string::npos) << o.out;
    EXPECT_NE(o.out.find(", "), std::string::npos) << o.out;
  }
}

}  // namespace
}  // namespace capsule::test

namespace capsule::test {
namespace {

TEST(CliHelp, ValueErrorsSayWhatTheOptionWants) {
  const Outcome t = run_program({capsule_bin(), "run", "--timeout", "abc", "--", "true"});
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_EQ(t.err, "capsule: --timeout wants a number from 0 to 1000000000, not 'abc'\nRun 'capsule help run' for usage.\n");
  const Outcome s = run_program({capsule_bin(), "run", "--string-limit", "0", "--", "true"});
  EXPECT_NE(s.err.find("--string-limit wants a whole number from 1 to 1048576, not '0'"), std::string::npos) << s.err;
  const Outcome b = run_program({capsule_bin(), "run", "--backend", "nope", "--", "true"});
  EXPECT_NE(b.err.find("--backend wants one of ptrace, strace"), std::string::npos) << b.err;
}

TEST(CliHelp, HelpHasNoParserTypeNotes) {
  for (const char* cmd : {"run", "verify", "prune", "tail", "import", "profile", "findings", "runs", "keys"}) {
    const Outcome o = run_program({capsule_bin(), "help", cmd});
    EXPECT_EQ(o.exit_code, 0) << cmd;
    for (const char* note : {"FLOAT", "UINT", ":FINITE", "NONEMPTY", " in ["}) {
      EXPECT_EQ(o.out.find(note), std::string::npos) << cmd << " shows " << note << ":\n" << o.out;
    }
  }
}

}  // namespace
}  // namespace capsule::test

namespace capsule::test {
namespace {

// A copied binary carries its default rules (#26): it runs and finds without the source tree;
// $CAPSULE_RULES_DIR still replaces them, and a wrong one is one clear line.
TEST(CliHelp, CopiedBinaryCarriesItsRules) {
  TempDir dir;
  const auto copy = dir.path() / "capsule";
  std::filesystem::copy_file(capsule_bin(), copy);
  const Outcome o = run_program({copy.string(), "run", "--home", (dir.path() / "home").string(), "--", "sh", "-c",
                                 "cat /etc/shadow > /dev/null"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("shadow-read"), std::string::npos) << o.err;
  const Outcome bad = run_program({copy.string(), "run", "--home", (dir.path() / "home").string(), "--", "true"},
                                  {"CAPSULE_RULES_DIR=" + (dir.path() / "none").string()});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("default.rules"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace capsule::test
