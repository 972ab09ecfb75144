// events.jsonl rendering: exact strings, and always valid JSON.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>

#include <nlohmann/json.hpp>

#include "log/render/event_render.h"
#include "log/render/json_text.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

constexpr int64_t kTs = 1795455000123456;  // 2026-11-23T17:30:00.123456Z

std::string arg_json(const Arg& a) {
  std::string out;
  append_arg_json(a, out);
  return out;
}

std::string event_json(const SyscallEvent& ev) {
  std::string out;
  append_event_json(ev, out);
  EXPECT_TRUE(nlohmann::json::accept(out)) << out;
  return out;
}

SyscallEvent make_call(std::string name, std::vector<Arg> args) {
  SyscallEvent ev;
  ev.seq = 7;
  ev.pid = 1234;
  ev.tid = 1235;
  ev.ts_us = kTs;
  ev.end_us = kTs + 12;
  ev.nr = 257;
  ev.name = std::move(name);
  ev.args = std::move(args);
  ev.has_ret = true;
  return ev;
}

TEST(EventJson, IsoTime) {
  std::string out;
  append_iso_time(kTs, out);
  EXPECT_EQ(out, "2026-11-23T17:30:00.123456Z");
  out.clear();
  append_iso_time(0, out);
  EXPECT_EQ(out, "1970-01-01T00:00:00.000000Z");
  out.clear();
  append_iso_time(-1, out);
  EXPECT_EQ(out, "1969-12-31T23:59:59.999999Z");
  out.clear();
  append_iso_time(951782400000000, out);  // leap day
  EXPECT_EQ(out, "2000-02-29T00:00:00.000000Z");
}

// events.jsonl keeps the date and second from record to record: times that jump forward, back,
// across midnight and before 1970 are each spelled in full.
TEST(EventJson, TimeOfEachRecordAsTimesJump) {
  const std::pair<int64_t, const char*> times[] = {
      {kTs, "2026-11-23T17:30:00.123456Z"},     {kTs + 1000000, "2026-11-23T17:30:01.123456Z"},
      {kTs - 1, "2026-11-23T17:30:00.123455Z"}, {-1, "1969-12-31T23:59:59.999999Z"},
      {0, "1970-01-01T00:00:00.000000Z"},       {951868799999999, "2000-02-29T23:59:59.999999Z"},
      {951868800000000, "2000-03-01T00:00:00.000000Z"}, {kTs, "2026-11-23T17:30:00.123456Z"}};
  for (const auto& [ts, text] : times) {
    SyscallEvent ev;
    ev.type = EventType::Exit;
    ev.ts_us = ts;
    std::string out;
    append_event_json(ev, out);
    EXPECT_EQ(out, std::string("{\"seq\":0,\"ts\":\"") + text +
                       "\",\"pid\":0,\"tid\":0,\"type\":\"exit\",\"exit_code\":0}")
        << ts;
  }
}

TEST(EventJson, ScalarKinds) {
  EXPECT_EQ(arg_json(Arg::integer(-5)), "-5");
  EXPECT_EQ(arg_json(Arg::uinteger(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(arg_json(Arg::fd(3)), "3");
  EXPECT_EQ(arg_json(Arg::hex(0x7ffd0010)), "\"0x7ffd0010\"");
  EXPECT_EQ(arg_json(Arg::hex(0)), "\"0x0\"");
  EXPECT_EQ(arg_json(Arg::octal(0644)), "\"0644\"");
  EXPECT_EQ(arg_json(Arg::octal(0)), "\"000\"");
  EXPECT_EQ(arg_json(symbol_from_names("O_RDONLY|O_CLOEXEC")), "\"O_RDONLY|O_CLOEXEC\"");
  EXPECT_EQ(arg_json(Arg::null()), "null");
  EXPECT_EQ(arg_json(Arg::raw("{st_mode=S_IFREG}")), "\"{st_mode=S_IFREG}\"");
}

TEST(EventJson, StringsAndEscaping) {
  EXPECT_EQ(arg_json(Arg::str("/etc/passwd")), "\"/etc/passwd\"");
  EXPECT_EQ(arg_json(Arg::str("q\"b\\n\nt\t")), "\"q\\\"b\\\\n\\nt\\t\"");
  EXPECT_EQ(arg_json(Arg::str(std::string("\x00\x1f", 2))), "\"\\u0000\\u001f\"");
  EXPECT_EQ(arg_json(Arg::str("caf\xc3\xa9")), "\"caf\xc3\xa9\"");     // valid UTF-8 kept
  EXPECT_EQ(arg_json(Arg::str("a\xff" "b\xc3")), "\"a\\\\xffb\\\\xc3\"");  // invalid: \xNN
  EXPECT_EQ(arg_json(Arg::str("\xed\xa0\x80")), "\"\\\\xed\\\\xa0\\\\x80\"");  // a surrogate
  EXPECT_EQ(arg_json(Arg::str("abc", true)), "{\"str\":\"abc\",\"truncated\":true}");
}

// Bytes that need escaping are gathered in chunks: a long string of them (a 64 KiB binary read,
// a mix of every kind of byte) is the escape of each piece, in order, with no boundary showing.
TEST(EventJson, LongEscapedStringsAreTheirPiecesInOrder) {
  const std::string piece = std::string("\x00\x01\n\"\\", 5) + "caf\xc3\xa9" + "\xff" + "ok" + "\xe2\x82\xac\x1f";
  std::string one;
  json::append_string(one, piece);
  const std::string inner = one.substr(1, one.size() - 2);
  for (const int copies : {1, 7, 50, 1000}) {
    std::string bytes;
    std::string expected = "\"";
    for (int i = 0; i < copies; ++i) {
      bytes += piece;
      expected += inner;
    }
    expected += "\"";
    std::string out;
    json::append_string(out, bytes);
    EXPECT_EQ(out, expected) << copies;
  }
  EXPECT_EQ(inner, "\\u0000\\u0001\\n\\\"\\\\caf\xc3\xa9\\\\xffok\xe2\x82\xac\\u001f");
  // 300 NULs: more than one chunk of escapes and nothing else.
  std::string zeros;
  json::append_string(zeros, std::string(300, '\0'));
  std::string expected_zeros = "\"";
  for (int i = 0; i < 300; ++i) expected_zeros += "\\u0000";
  EXPECT_EQ(zeros, expected_zeros + "\"");
}

TEST(EventJson, VisibleUtf8MatchesAppendString) {
  const std::string bytes = "ok \xc3\xa9 bad \xfe";
  std::string direct;
  json::append_string(direct, bytes);
  EXPECT_EQ(nlohmann::json(json::visible_utf8(bytes)).dump(), direct);
}

TEST(EventJson, StructAndArray) {
  Arg sa;
  sa.kind = ArgKind::Struct;
  sa.items.push_back(symbol_from_names("AF_INET").named("sa_family"));
  sa.items.push_back(Arg::integer(80).named("sin_port"));
  sa.items.push_back(Arg::str("127.0.0.1").named("sin_addr"));
  EXPECT_EQ(arg_json(sa), "{\"sa_family\":\"AF_INET\",\"sin_port\":80,\"sin_addr\":\"127.0.0.1\"}");
  sa.truncated = true;
  EXPECT_EQ(arg_json(sa),
            "{\"sa_family\":\"AF_INET\",\"sin_port\":80,\"sin_addr\":\"127.0.0.1\",\"...\":true}");

  Arg arr;
  arr.kind = ArgKind::Array;
  arr.items = {Arg::str("ls"), Arg::integer(1)};
  EXPECT_EQ(arg_json(arr), "[\"ls\",1]");
  arr.truncated = true;
  EXPECT_EQ(arg_json(arr), "{\"items\":[\"ls\",1],\"truncated\":true}");
}

TEST(EventJson, SuccessfulSyscall) {
  SyscallEvent ev = make_call("openat", {symbol_from_names("AT_FDCWD").named("dirfd"),
                                         Arg::str("/etc/passwd").named("pathname"),
                                         symbol_from_names("O_RDONLY").named("flags")});
  ev.ret = 3;
  ev.ret_kind = RetKind::Fd;
  ev.fd_refs = {{3, "/etc/passwd"}};
  EXPECT_EQ(event_json(ev),
            "{\"seq\":7,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":1234,\"tid\":1235,"
            "\"syscall\":\"openat\",\"nr\":257,\"args\":{\"dirfd\":\"AT_FDCWD\",\"pathname\":"
            "\"/etc/passwd\",\"flags\":\"O_RDONLY\"},\"ret\":3,\"fds\":{\"3\":\"/etc/passwd\"},"
            "\"dur_us\":12}");
}

// dup2 onto an open fd annotates newfd twice (before, after): the object holds each key once,
// with the call's result.
TEST(EventJson, AnFdAnnotatedTwiceIsOneKey) {
  SyscallEvent ev = make_call("dup2", {Arg::fd(3).named("oldfd"), Arg::fd(4).named("newfd")});
  ev.nr = 33;
  ev.ret = 4;
  ev.ret_kind = RetKind::Fd;
  ev.fd_refs = {{3, "/etc/hostname"}, {4, "/etc/passwd"}, {4, "/etc/hostname"}};
  const std::string j = event_json(ev);
  EXPECT_NE(j.find("\"fds\":{\"3\":\"/etc/hostname\",\"4\":\"/etc/hostname\"}"), std::string::npos) << j;
}

TEST(EventJson, FailedDeniedUnnamedI386) {
  SyscallEvent ev = make_call("unlink", {Arg::str("/x")});
  ev.arch = kArchI386;
  ev.nr = 10;
  ev.ret = -1;
  ev.err = ENOENT;
  ev.denied = true;
  EXPECT_EQ(event_json(ev),
            "{\"seq\":7,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":1234,\"tid\":1235,"
            "\"syscall\":\"unlink\",\"nr\":10,\"arch\":\"i386\",\"args\":{\"arg0\":\"/x\"},"
            "\"ret\":-1,\"errno\":\"ENOENT\",\"denied\":true,\"dur_us\":12}");
}

// capsule's own refusals say who refused; a policy's stay as they were.
TEST(EventJson, DeniedByCapsule) {
  SyscallEvent ev = make_call("io_uring_setup", {Arg::integer(4).named("entries"), Arg::hex(0x1000).named("p")});
  ev.nr = 425;
  ev.ret = -1;
  ev.err = ENOSYS;
  ev.denied = true;
  ev.deny_reason = DenyReason::IoUring;
  EXPECT_EQ(event_json(ev),
            "{\"seq\":7,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":1234,\"tid\":1235,"
            "\"syscall\":\"io_uring_setup\",\"nr\":425,\"args\":{\"entries\":4,\"p\":\"0x1000\"},"
            "\"ret\":-1,\"errno\":\"ENOSYS\",\"denied\":true,\"denied_by\":\"io-uring\",\"dur_us\":12}");
}

TEST(EventJson, NoReturn) {
  SyscallEvent ev = make_call("exit_group", {Arg::integer(0).named("status")});
  ev.nr = 231;
  ev.has_ret = false;
  ev.end_us = ev.ts_us;
  EXPECT_EQ(event_json(ev),
            "{\"seq\":7,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":1234,\"tid\":1235,"
            "\"syscall\":\"exit_group\",\"nr\":231,\"args\":{\"status\":0},\"ret\":null,"
            "\"dur_us\":0}");
}

TEST(EventJson, SignalAndExit) {
  SyscallEvent ev;
  ev.type = EventType::Signal;
  ev.seq = 1;
  ev.pid = ev.tid = 9;
  ev.ts_us = kTs;
  ev.signo = SIGCHLD;
  Arg info;
  info.kind = ArgKind::Struct;
  info.items.push_back(Arg::integer(10).named("si_pid"));
  ev.args = {info};
  EXPECT_EQ(event_json(ev), "{\"seq\":1,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":9,\"tid\":9,"
                            "\"type\":\"signal\",\"signal\":\"SIGCHLD\",\"siginfo\":{\"si_pid\":10}}");

  ev.type = EventType::Exit;
  ev.args.clear();
  ev.exit_code = 2;
  EXPECT_EQ(event_json(ev), "{\"seq\":1,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":9,\"tid\":9,"
                            "\"type\":\"exit\",\"exit_code\":2}");
  ev.killed = true;
  ev.signo = SIGSEGV;
  ev.core_dumped = true;
  EXPECT_EQ(event_json(ev), "{\"seq\":1,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"pid\":9,\"tid\":9,"
                            "\"type\":\"exit\",\"killed_by\":\"SIGSEGV\",\"core_dumped\":true}");
}

}  // namespace
}  // namespace capsule
