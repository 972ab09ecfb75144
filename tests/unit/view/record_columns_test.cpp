// The human columns of `capsule tail`: what each kind of record shows, and that nothing a traced
// program wrote (or a torn line) can break the one-line-per-record layout.
#include <gtest/gtest.h>

#include "view/record_columns.h"
#include "view/record_render.h"

namespace capsule::view {
namespace {

using Json = nlohmann::json;

RecordColumns event(const char* text) { return event_columns(Json::parse(text)); }

TEST(EventColumns, OpenatShowsPathAndFd) {
  const auto c = event(R"({"seq":4,"ts":"2026-11-23T18:09:22.942330Z","pid":29985,"tid":29985,"syscall":"openat",)"
                       R"("nr":257,"args":{"dirfd":"AT_FDCWD","pathname":"/etc/ld.so.cache","flags":"O_RDONLY"},)"
                       R"("ret":3,"fds":{"3":"/etc/ld.so.cache"},"dur_us":12,"chain":"ab"})");
  EXPECT_EQ(c.time, "18:09:22.942330");
  EXPECT_EQ(c.pid, "29985");
  EXPECT_EQ(c.what, "openat");
  EXPECT_EQ(c.target, "/etc/ld.so.cache");
  EXPECT_EQ(c.result, "3");
  EXPECT_EQ(c.emphasis, Emphasis::None);
}

TEST(EventColumns, FailureIsEmphasised) {
  const auto c = event(R"({"ts":"2026-11-23T18:09:22.9Z","pid":1,"syscall":"connect","args":{"sockfd":3,)"
                       R"("addr":{"sa_family":"AF_INET","sin_port":9,"sin_addr":"127.0.0.1"},"addrlen":16},)"
                       R"("ret":-1,"errno":"ECONNREFUSED","fds":{"3":"TCP:[]"}})");
  EXPECT_EQ(c.target, "127.0.0.1:9");
  EXPECT_EQ(c.result, "-1 ECONNREFUSED");
  EXPECT_EQ(c.emphasis, Emphasis::Failure);
}

TEST(EventColumns, FdArgumentUsesTheFdTable) {
  const auto c = event(R"({"pid":1,"syscall":"read","args":{"fd":3,"buf":"x","count":1},"ret":1,)"
                       R"("fds":{"3":"/etc/passwd"}})");
  EXPECT_EQ(c.target, "3</etc/passwd>");
}

TEST(EventColumns, PrivilegeChangeIsEmphasised) {
  EXPECT_EQ(event(R"({"pid":1,"syscall":"setuid","args":{"uid":1000},"ret":0})").emphasis, Emphasis::Privilege);
  // enriched.jsonl marks the change itself
  EXPECT_EQ(event(R"({"pid":1,"syscall":"execve","ret":0,"privilege":[{"what":"euid","before":1000,"after":0}]})")
                .emphasis,
            Emphasis::Privilege);
}

TEST(EventColumns, ExecveShowsArguments) {
  const auto c = event(R"({"pid":7,"syscall":"execve","args":{"pathname":"/bin/ls","argv":["ls","-l","/"]},"ret":0})");
  EXPECT_EQ(c.target, "/bin/ls -l /");
}

TEST(EventColumns, MmapResultIsAnAddressAndUnfinishedCallsShowQuestionMark) {
  EXPECT_EQ(event(R"({"pid":1,"syscall":"mmap","args":{"addr":null,"fd":-1},"ret":140464305979392})").result,
            "0x7fc0650fc000");
  EXPECT_EQ(event(R"({"pid":1,"syscall":"exit_group","args":{"status":0},"ret":null})").result, "?");
}

TEST(EventColumns, SignalAndExitRecords) {
  const auto sig = event(R"({"pid":5,"type":"signal","signal":"SIGCHLD","siginfo":{"si_signo":17}})");
  EXPECT_EQ(sig.what, "signal");
  EXPECT_EQ(sig.target, "SIGCHLD");
  const auto killed = event(R"({"pid":5,"type":"exit","killed_by":"SIGSEGV","core_dumped":true})");
  EXPECT_EQ(killed.result, "killed by SIGSEGV (core dumped)");
  EXPECT_EQ(killed.emphasis, Emphasis::Failure);
  EXPECT_EQ(event(R"({"pid":5,"type":"exit","exit_code":0})").result, "exited 0");
}

TEST(EventColumns, EnrichedRecordUsesContextAndResources) {
  const auto c = event(R"({"seq":3,"ts":"2026-11-23T18:09:22.942330Z","pid":9,"tid":9,"syscall":"openat","ret":3,)"
                       R"("ctx":{"exe":"/usr/bin/cat","cwd":"/"},"fds":[{"fd":3,"kind":"file","path":"/etc/hostname"}],)"
                       R"("resources":[{"fd":3,"class":"file"},{"path":"/etc/hostname","class":"config"}]})");
  EXPECT_EQ(c.exe, "cat");
  EXPECT_EQ(c.target, "/etc/hostname");
}

TEST(EventColumns, MissingKeysAreBlank) {
  const auto c = event("{}");
  EXPECT_EQ(c.time, "");
  EXPECT_EQ(c.pid, "");
  EXPECT_EQ(c.target, "");
  EXPECT_EQ(c.result, "?");
}

TEST(ActionColumns, KnownKeys) {
  const auto c = action_columns(Json::parse(
      R"({"ts":"2026-11-23T18:09:22.100000Z","kind":"file_write","pid":42,"exe":"/usr/bin/python3",)"
      R"("target":"/tmp/out.txt","bytes":4096,"syscalls":3,"failed":0})"));
  EXPECT_EQ(c.time, "18:09:22.100000");
  EXPECT_EQ(c.pid, "42");
  EXPECT_EQ(c.exe, "python3");
  EXPECT_EQ(c.what, "file_write");
  EXPECT_EQ(c.target, "/tmp/out.txt");
  EXPECT_EQ(c.result, "4096 B, 3 calls");
  EXPECT_EQ(c.emphasis, Emphasis::None);
}

// What src/aggregate writes.
TEST(ActionColumns, AggregatorRecord) {
  const auto c = action_columns(Json::parse(
      R"({"kind":"Open","events":3,"pid":812,"exe":"/usr/bin/python3","target":"/etc/nope",)"
      R"("start":"2026-11-23T18:09:22.100000Z","end":"2026-11-23T18:09:22.100100Z","failed":2,)"
      R"("errors":{"ENOENT":2},"first_seq":4,"last_seq":6,"chain":"ab"})"));
  EXPECT_EQ(c.time, "18:09:22.100000");
  EXPECT_EQ(c.exe, "python3");
  EXPECT_EQ(c.what, "Open");
  EXPECT_EQ(c.target, "/etc/nope");
  EXPECT_EQ(c.result, "3 events, 2 failed (ENOENT)");
  EXPECT_EQ(c.emphasis, Emphasis::Failure);
  EXPECT_EQ(action_columns(Json::parse(R"({"kind":"Read","events":1,"bytes":10,"failed":0})")).result, "10 B, 1 event");
  EXPECT_EQ(action_columns(Json::parse(R"({"kind":"Privilege","events":1,"failed":0})")).emphasis, Emphasis::Privilege);
  EXPECT_EQ(action_columns(Json::parse(R"({"kind":"Denied","events":1,"failed":0})")).emphasis, Emphasis::Failure);
}

TEST(ActionColumns, FailedAndPrivilegeAndMissingKeys) {
  EXPECT_EQ(action_columns(Json::parse(R"({"kind":"connect","failed":2})")).emphasis, Emphasis::Failure);
  EXPECT_EQ(action_columns(Json::parse(R"({"kind":"connect","failed":true})")).result, "failed");
  EXPECT_EQ(action_columns(Json::parse(R"({"kind":"privilege_change","pid":1})")).emphasis, Emphasis::Privilege);
  const auto blank = action_columns(Json::parse(R"({"something":"else"})"));
  EXPECT_EQ(blank.what, "");
  EXPECT_EQ(blank.target, "");
  EXPECT_EQ(blank.result, "");
  // a target that is an object is shown as compact JSON rather than dropped
  EXPECT_EQ(action_columns(Json::parse(R"({"target":{"host":"a","port":1}})")).target, R"({"host":"a","port":1})");
}

TEST(RenderRecord, AlignedColumns) {
  const std::string a = render_record("events", R"({"ts":"2026-11-23T18:09:22.942330Z","pid":1,"syscall":"close","args":{"fd":3},"ret":0})",
                                      RenderStyle{false, false});
  const std::string b = render_record("events", R"({"ts":"2026-11-23T18:09:22.942331Z","pid":123456,"syscall":"openat","args":{"pathname":"/x"},"ret":-1,"errno":"ENOENT"})",
                                      RenderStyle{false, false});
  EXPECT_EQ(a, "18:09:22.942330       1 close          3                                             0");
  EXPECT_EQ(b, "18:09:22.942331  123456 openat         /x                                            -1 ENOENT");
  EXPECT_EQ(a.find("close"), b.find("openat"));
}

// tail following several runs: each line starts with its run's id, cut to 8 characters, before
// the columns (which stay aligned) and before a syscalls.log line; the width counts it.
TEST(RenderRecord, RunColumnComesFirst) {
  RenderStyle style;
  style.show_exe = false;
  style.run = "0b6d1234-aaaa-bbbb-cccc-000000000000";
  const std::string line = R"({"ts":"2026-11-23T18:09:22.942330Z","pid":1,"syscall":"close","args":{"fd":3},"ret":0})";
  EXPECT_EQ(render_record("events", line, style),
            "0b6d1234 18:09:22.942330       1 close          3                                             0");
  EXPECT_EQ(render_record("syscalls", "1 18:09:22.942330 close(3) = 0", style), "0b6d1234 1 18:09:22.942330 close(3) = 0");
  style.width = 20;
  EXPECT_EQ(render_record("events", line, style), "0b6d1234 18:09:22.9\u2026");
}

TEST(RenderRecord, ColourOnlyWhenAsked) {
  const char* failed = R"({"pid":1,"syscall":"openat","args":{"pathname":"/x"},"ret":-1,"errno":"ENOENT"})";
  EXPECT_EQ(render_record("events", failed, RenderStyle{false, false}).find('\x1b'), std::string::npos);
  const std::string coloured = render_record("events", failed, RenderStyle{true, false});
  EXPECT_EQ(coloured.rfind("\x1b[31m", 0), 0u);
  EXPECT_TRUE(coloured.ends_with("\x1b[0m"));
}

TEST(RenderRecord, UnparsableRecordsNeverThrow) {
  for (const char* bad : {"", "{", "{\"seq\":1,\"ts\":", "not json", "[1,2]", "\xff\xfe", "{\"pid\":\"\xff\"}"}) {
    EXPECT_EQ(render_record("events", bad, RenderStyle{}), "<unparsable record>") << bad;
    EXPECT_EQ(render_record("actions", bad, RenderStyle{}), "<unparsable record>") << bad;
  }
}

TEST(RenderRecord, SyscallsLinesAreShownAsTheyAre) {
  const std::string line = "1234 17:30:00.123456 openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)";
  EXPECT_EQ(render_record("syscalls", line, RenderStyle{false, true}), line);
  EXPECT_EQ(render_record("syscalls", line, RenderStyle{true, true}), "\x1b[31m" + line + "\x1b[0m");
  const std::string setuid = "1234 17:30:00.123456 setuid(0) = 0";
  EXPECT_EQ(render_record("syscalls", setuid, RenderStyle{true, true}), "\x1b[1;35m" + setuid + "\x1b[0m");
}

TEST(RenderRecord, TerminalControlsFromTheProgramAreEscaped) {
  // A path holding ESC and a newline (JSON escapes) and a C1 CSI (U+009B).
  const std::string out = render_record(
      "events", R"({"pid":1,"syscall":"openat","args":{"pathname":"/tmp/\u001b[2Jx\ny\u009bz"},"ret":3})", RenderStyle{});
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\n'), std::string::npos) << out;
  EXPECT_NE(out.find("/tmp/\\x1b[2Jx\\x0ay\\xc2\\x9bz"), std::string::npos) << out;
}

TEST(RenderRecord, LongValuesKeepTheirColumnsApart) {
  const std::string out = render_record(
      "actions", R"({"pid":1,"exe":"/usr/bin/a-very-long-program-name","kind":"read","target":"/t"})", RenderStyle{});
  EXPECT_NE(out.find("a-very-long-pr\u2026 read"), std::string::npos) << out;
}

}  // namespace
}  // namespace capsule::view
