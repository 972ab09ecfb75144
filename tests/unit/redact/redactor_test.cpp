#include <gtest/gtest.h>

#include "redact/redactor.h"

namespace capsule {
namespace {

std::array<uint8_t, 32> key(uint8_t b) {
  std::array<uint8_t, 32> k{};
  k.fill(b);
  return k;
}

SyscallEvent execve(std::vector<std::string> argv, std::vector<std::string> envp) {
  SyscallEvent ev;
  ev.name = "execve";
  ev.args.push_back(Arg::str(argv.empty() ? "" : argv[0]));
  Arg a; a.kind = ArgKind::Array;
  for (auto& s : argv) a.items.push_back(Arg::str(s));
  Arg e; e.kind = ArgKind::Array;
  for (auto& s : envp) e.items.push_back(Arg::str(s));
  ev.args.push_back(a);
  ev.args.push_back(e);
  return ev;
}

SyscallEvent write_of(std::string bytes, bool truncated = false) {
  SyscallEvent ev;
  ev.name = "write";
  ev.args = {Arg::fd(1), Arg::str(std::move(bytes), truncated), Arg::integer(3)};
  return ev;
}

TEST(Redactor, SecretEnvValuesBecomeMarkersAndAreFoundLater) {
  Redactor r(RedactMode::Secrets, key(1));
  auto ev = execve({"/bin/sh", "-c", "echo hunter2hunter2"}, {"PATH=/usr/bin", "MY_TOKEN=hunter2hunter2"});
  r.redact(ev);
  const std::string m = r.marker("MY_TOKEN", "hunter2hunter2");
  EXPECT_EQ(ev.args[2].items[0].text, "PATH=/usr/bin");
  EXPECT_EQ(ev.args[2].items[1].text, "MY_TOKEN=" + m);
  EXPECT_EQ(ev.args[1].items[2].text, "echo " + m);  // argv of the same call: the env is read first
  auto w = write_of("token: hunter2hunter2\n");
  r.redact(w);
  EXPECT_EQ(w.args[1].text, "token: " + m + "\n");
  // A buffer cut inside the secret still loses the secret's start.
  auto cut = write_of("token: hunter2h", true);
  r.redact(cut);
  EXPECT_EQ(cut.args[1].text, "token: " + m);
}

TEST(Redactor, MarkersAreKeyedAndStable) {
  Redactor a(RedactMode::Secrets, key(1)), b(RedactMode::Secrets, key(2));
  EXPECT_EQ(a.marker("X_TOKEN", "v"), a.marker("X_TOKEN", "v"));
  EXPECT_NE(a.marker("X_TOKEN", "v"), a.marker("X_TOKEN", "w"));
  EXPECT_NE(a.marker("X_TOKEN", "v"), b.marker("X_TOKEN", "v"));
  EXPECT_EQ(a.marker("jwt", "v").size(), std::string("<redacted:jwt:>").size() + 12);
}

TEST(Redactor, ShortValuesAreRedactedInPlaceOnly) {
  Redactor r(RedactMode::Secrets, key(1));
  auto ev = execve({"/bin/true"}, {"SESSION=1"});
  r.redact(ev);
  EXPECT_EQ(ev.args[2].items[0].text, "SESSION=" + r.marker("SESSION", "1"));
  auto w = write_of("1 2 3");
  r.redact(w);
  EXPECT_EQ(w.args[1].text, "1 2 3");
}

TEST(Redactor, AllEnvAndNone) {
  Redactor all(RedactMode::AllEnv, key(1));
  auto ev = execve({"/bin/true"}, {"PATH=/usr/bin", "EMPTY="});
  all.redact(ev);
  EXPECT_EQ(ev.args[2].items[0].text, "PATH=" + all.marker("PATH", "/usr/bin"));
  EXPECT_EQ(ev.args[2].items[1].text, "EMPTY=");
  Redactor none(RedactMode::None, key(1));
  auto ev2 = execve({"/bin/true"}, {"GH_TOKEN=abcdefghijkl"});
  none.redact(ev2);
  EXPECT_EQ(ev2.args[2].items[0].text, "GH_TOKEN=abcdefghijkl");
}

TEST(Redactor, StartingEnvironmentIsKnownBeforeAnyExec) {
  Redactor r(RedactMode::Secrets, key(1));
  const char* env[] = {"CI_JOB_TOKEN=s3cr3t-value-123", "HOME=/root", nullptr};
  r.learn_environment(env);
  auto w = write_of("curl -H 'JOB-TOKEN: s3cr3t-value-123'");
  r.redact(w);
  EXPECT_EQ(w.args[1].text, "curl -H 'JOB-TOKEN: " + r.marker("CI_JOB_TOKEN", "s3cr3t-value-123") + "'");
}

TEST(Redactor, StructFieldsAndRawLinesToo) {
  Redactor r(RedactMode::Secrets, key(1));
  const std::string tok = "ghp_" + std::string(36, 'Z');
  SyscallEvent ev;
  ev.name = "sendmsg";
  Arg iov; iov.kind = ArgKind::Struct;
  iov.items.push_back(Arg::str("x" + std::string(" ") + tok).named("iov_base"));
  ev.args = {Arg::fd(3), iov};
  r.redact(ev);
  EXPECT_EQ(ev.args[1].items[0].text, "x " + r.marker("github-token", tok));
  SyscallEvent un;
  un.type = EventType::Unparsed;
  un.args = {Arg::raw("write(1, \"" + tok + "\", 40) = 40 <garbled")};
  r.redact(un);
  EXPECT_EQ(un.args[0].text.find(tok), std::string::npos);
}

TEST(Redactor, MarkerLabels) {
  std::vector<std::string_view> labels;
  append_marker_labels("a <redacted:GH_TOKEN:0123456789ab> b <redacted:jwt:ba9876543210>", labels);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0], "GH_TOKEN");
  EXPECT_EQ(labels[1], "jwt");
}

}  // namespace
}  // namespace capsule
