// The rules file format: what it accepts, and errors that name file, line and field.
#include <gtest/gtest.h>

#include "detect/glob.h"
#include "detect/rule_book.h"
#include "detect_harness.h"

namespace capsule::test {
namespace {

std::string parse_error(std::string_view text) {
  RuleBook book;
  try {
    book.parse(text, "my.rules");
  } catch (const RuleError& e) {
    return e.what();
  }
  return "";
}

TEST(Glob, Shapes) {
  EXPECT_TRUE(Glob("/tmp/**", true).matches("/tmp/a/b"));
  EXPECT_FALSE(Glob("/tmp/**", true).matches("/tmpx/a"));
  EXPECT_TRUE(Glob("*.pem", true).matches("/a/b/server.pem"));
  EXPECT_FALSE(Glob("*.pem", true).matches("/a/b.pem/x"));
  EXPECT_TRUE(Glob("/proc/*/ns/**", true).matches("/proc/12/ns/net"));
  EXPECT_FALSE(Glob("/proc/*/ns/**", true).matches("/proc/12/x/ns/net"));
  EXPECT_TRUE(Glob("/proc/[0-9]*/fd/*", true).matches("/proc/42/fd/3"));
  EXPECT_FALSE(Glob("/proc/[0-9]*/fd/*", true).matches("/proc/self/fd/3"));
  EXPECT_TRUE(Glob("~/.ssh/**", true).matches("/home/u/.ssh/id_rsa", "/home/u"));
  EXPECT_FALSE(Glob("~/.ssh/**", true).matches("/home/v/.ssh/id_rsa", "/home/u"));
  EXPECT_FALSE(Glob("~/.ssh/**", true).matches("/home/u/.ssh/id_rsa", ""));
  EXPECT_TRUE(Glob("**/docker.sock", true).matches("/var/run/docker.sock"));
  EXPECT_TRUE(Glob("127.*", false).matches("127.0.0.1"));
  EXPECT_TRUE(glob_match("a/**/b*c", "a/x/y/bzzc"));
  EXPECT_FALSE(glob_match("a/*/b*c", "a/x/y/bzzc"));
}

TEST(RuleFormat, ParsesASequence) {
  RuleBook book;
  book.parse("list net_calls: connect sendto\n"
             "rule my-seq\n"
             "  severity: high\n"
             "  description: {exe} read {path} then reached {peer}\n"
             "  within: 5s\n"
             "  scope: tree\n"
             "  syscall in openat\n"
             "  path in ~/secret/**\n"
             "  then\n"
             "  syscall in @net_calls\n"
             "  peer.scope is remote\n",
             "my.rules");
  ASSERT_EQ(book.rules().size(), 1u);
  const Rule& r = book.rules()[0];
  EXPECT_EQ(r.id, "my-seq");
  EXPECT_EQ(r.severity, Severity::High);
  EXPECT_EQ(r.within_us, 5'000'000);
  EXPECT_EQ(r.scope, Scope::Tree);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[1].syscalls, (std::vector<std::string>{"connect", "sendto"}));
  EXPECT_EQ(r.placeholders.size(), 3u);
  EXPECT_EQ(r.origin, "my.rules:2");
}

TEST(RuleFormat, ErrorsNameFileLineAndField) {
  EXPECT_EQ(parse_error("rule x\n  severity: low\n  description: d\n  sycall is open\n"),
            "my.rules:4: unknown field \"sycall\"");
  EXPECT_EQ(parse_error("rule x\n  severty: low\n"), "my.rules:2: unknown field \"severty\"");
  EXPECT_EQ(parse_error("rule x\n  severity: low\n  description: d\n  syscall iz open\n"),
            "my.rules:4: unknown operator \"iz\" (is, in, not, has, lacks, <, <=, >, >=)");
  EXPECT_EQ(parse_error("rule x\n  severity: severe\n"),
            "my.rules:2: unknown severity \"severe\" (info, low, medium, high, critical)");
  EXPECT_EQ(parse_error("rule x\n  severity: low\n  description: d\n  exe in @nope\n"),
            "my.rules:4: unknown list \"@nope\"");
  EXPECT_EQ(parse_error("rule x\n  severity: low\n  description: {exee}\n"),
            "my.rules:3: unknown field \"exee\" in description");
  EXPECT_EQ(parse_error("rule x\n  description: d\n  syscall is open\n"), "my.rules:1: rule \"x\" has no severity:");
  EXPECT_EQ(parse_error("rule x\n  severity: low\n  description: d\n  uid > root\n"),
            "my.rules:4: uid: \"root\" is not a number");
  EXPECT_EQ(parse_error("  severity: low\n"), "my.rules:1: an indented line outside a rule");
  EXPECT_EQ(parse_error("rule x\n  severity: low\n  description: d\n  syscall is open\n  then\n"),
            "my.rules:1: \"then\" with no step after it");
}

TEST(RuleFormat, UserRuleReplacesDefault) {
  DetectHarness h("rule exec-from-temp\n"
                  "  severity: low\n"
                  "  description: temp exec {path}\n"
                  "  syscall is execve\n"
                  "  path in /tmp/**\n");
  h.feed(exec_line() + "100 10:00:00.100000 execve(\"/tmp/x\", [\"x\"], []) = 0\n");
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].severity, Severity::Low);
  EXPECT_EQ(h.findings[0].description, "temp exec /tmp/x");
}

TEST(RuleFormat, SettingsOnlyBlockChangesADefault) {
  DetectHarness off("rule exec-from-temp\n  enabled: no\n");
  off.feed(exec_line() + "100 10:00:00.100000 execve(\"/tmp/x\", [\"x\"], []) = 0\n");
  EXPECT_TRUE(off.findings.empty());
  DetectHarness raised("rule bpf\n  severity: critical\n");
  raised.feed(exec_line() + "100 10:00:00.100000 bpf(BPF_MAP_CREATE, 0x7ffd0000, 72) = 3\n");
  ASSERT_EQ(raised.findings.size(), 1u);
  EXPECT_EQ(raised.findings[0].severity, Severity::Critical);
}

TEST(RuleFormat, OperatorsOnNumbersAndFlags) {
  DetectHarness h("rule big-write\n"
                  "  severity: info\n"
                  "  description: {exe} wrote {ret} bytes to fd {arg.fd}\n"
                  "  syscall is write\n"
                  "  ret >= 1000\n"
                  "  arg.fd in 3..9\n"
                  "rule append-open\n"
                  "  severity: info\n"
                  "  description: append {path}\n"
                  "  syscall is openat\n"
                  "  arg.flags has O_APPEND\n"
                  "  arg.flags lacks O_CREAT\n");
  h.feed(exec_line() +
         "100 10:00:00.100000 write(1</dev/null>, \"x\", 2000) = 2000\n"
         "100 10:00:00.200000 write(4</home/u/f>, \"x\", 2000) = 2000\n"
         "100 10:00:00.300000 write(4</home/u/f>, \"x\", 10) = 10\n"
         "100 10:00:00.400000 openat(AT_FDCWD, \"/home/u/log\", O_WRONLY|O_APPEND) = 5</home/u/log>\n"
         "100 10:00:00.500000 openat(AT_FDCWD, \"/home/u/log2\", O_WRONLY|O_APPEND|O_CREAT, 0644) = 6</home/u/log2>\n");
  EXPECT_EQ(h.summary(), (std::vector<std::string>{"big-write[2]", "append-open[4]"}));
  EXPECT_EQ(h.findings[0].description, "/usr/bin/bash wrote 2000 bytes to fd 4");
}

TEST(RuleFormat, IdenticalFindingsAreReportedOnce) {
  DetectHarness h;
  h.feed(exec_line() +
         "100 10:00:00.100000 openat(AT_FDCWD, \"/etc/shadow\", O_RDONLY) = 3</etc/shadow>\n"
         "100 10:00:00.200000 openat(AT_FDCWD, \"/etc/shadow\", O_RDONLY) = 3</etc/shadow>\n");
  EXPECT_EQ(h.summary(), std::vector<std::string>{"shadow-read[1]"});
}

TEST(RuleFormat, SequenceWindowExpires) {
  DetectHarness h;
  h.feed(exec_line() +
         "100 10:00:00.100000 memfd_create(\"p\", 0) = 3</memfd:p (deleted)>\n"
         "100 10:02:00.000000 execveat(3</memfd:p (deleted)>, \"\", [\"x\"], [], AT_EMPTY_PATH) = 0\n");
  EXPECT_TRUE(h.findings.empty());
}

TEST(RuleFormat, DefaultRulesLoad) {
  const RuleBook book = load_rules({});
  EXPECT_GE(book.enabled_count(), 20u);
}

}  // namespace
}  // namespace capsule::test
