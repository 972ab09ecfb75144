// syscalls.log rendering: exact strings, as strace -f -tt -yy -x -v would print them.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <string>
#include <vector>

#include "log/render/event_render.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

constexpr int64_t kCallTimeUs = 1795455000123456;  // 2026-11-23T17:30:00.123456Z

SyscallEvent text_call(std::string name, std::vector<Arg> args) {
  SyscallEvent ev;
  ev.pid = ev.tid = 1234;
  ev.ts_us = ev.end_us = kCallTimeUs;
  ev.name = std::move(name);
  ev.args = std::move(args);
  ev.has_ret = true;
  return ev;
}

std::string line(const SyscallEvent& ev) {
  std::string out;
  append_strace_line(ev, out);
  return out;
}

std::string arg_text(const Arg& a, const SyscallEvent& ev = {}) {
  std::string out;
  append_strace_arg(a, ev, out);
  return out;
}

// strace quotes getrandom's bytes with QUOTE_FORCE_HEX: hex even when every byte is printable
// (found by the corpus: 4 random bytes are all printable about once in 50 runs).
TEST(StraceText, RandomBytesAreAlwaysHex) {
  const SyscallEvent random = text_call("getrandom", {Arg::str("BYXq"), Arg::uinteger(4), Arg::symbol("GRND_INSECURE", 4)});
  EXPECT_EQ(arg_text(random.args[0], random), "\"\\x42\\x59\\x58\\x71\"");
  const SyscallEvent text = text_call("write", {Arg::fd(1), Arg::str("BYXq"), Arg::integer(4)});
  EXPECT_EQ(arg_text(text.args[1], text), "\"BYXq\"");
}

TEST(StraceText, OpenatLineWithFdAnnotations) {
  SyscallEvent ev = text_call("openat", {Arg::fd(-100), Arg::str("/etc/passwd"),
                                         symbol_from_names("O_RDONLY|O_CLOEXEC")});
  ev.args[0] = symbol_from_names("AT_FDCWD");
  ev.ret = 3;
  ev.ret_kind = RetKind::Fd;
  ev.fd_refs = {{3, "/etc/passwd"}};
  EXPECT_EQ(line(ev),
            "1234 17:30:00.123456 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = "
            "3</etc/passwd>");
}

// AT_FDCWD with the working directory the enricher (or strace) gave it, as strace -yy writes it.
TEST(StraceText, AtFdcwdShowsTheWorkingDirectory) {
  SyscallEvent ev = text_call("openat", {symbol_from_names("AT_FDCWD"), Arg::str("f"), symbol_from_names("O_RDONLY")});
  ev.ret = 3;
  ev.ret_kind = RetKind::Fd;
  ev.fd_refs = {{3, "/home/u/f"}, {kAtFdcwdRef, "/home/a>b"}};
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 openat(AT_FDCWD</home/a\\76b>, \"f\", O_RDONLY) = 3</home/u/f>");
}

// utimensat's times: each struct timespec followed by the date it stands for, as strace -v writes
// it; UTIME_OMIT and UTIME_NOW get none.
TEST(StraceText, UtimensatTimesCarryTheirDates) {
  Arg first;
  first.kind = ArgKind::Struct;
  first.items = {Arg::integer(1000000000).named("tv_sec"), Arg::integer(5).named("tv_nsec")};
  Arg second;
  second.kind = ArgKind::Struct;
  second.items = {Arg::integer(1300000000).named("tv_sec"), Arg::integer(0).named("tv_nsec")};
  Arg times;
  times.kind = ArgKind::Array;
  times.items = {first, second};
  times.name = "times";
  EXPECT_EQ(arg_text(times), "[{tv_sec=1000000000, tv_nsec=5} /* 2001-09-09T01:46:40.000000005+0000 */, "
                             "{tv_sec=1300000000, tv_nsec=0} /* 2011-03-13T07:06:40+0000 */]");
  times.items[1] = symbol_from_names("UTIME_OMIT");
  EXPECT_EQ(arg_text(times), "[{tv_sec=1000000000, tv_nsec=5} /* 2001-09-09T01:46:40.000000005+0000 */, UTIME_OMIT]");
  times.name = "tp";  // another array of times: no comment
  EXPECT_EQ(arg_text(times), "[{tv_sec=1000000000, tv_nsec=5}, UTIME_OMIT]");
}

// A device's numbers follow its path unescaped, inside the annotation: strace -yy's form.
TEST(StraceText, DeviceNumbersFollowThePath) {
  SyscallEvent ev;
  ev.fd_refs = {{1, "/dev/null<char 1:3>"}, {2, "/dev/sda<block 8:0>"}, {3, "/tmp/x<char 1:3>"}};
  EXPECT_EQ(arg_text(Arg::fd(1), ev), "1</dev/null<char 1:3>>");
  EXPECT_EQ(arg_text(Arg::fd(2), ev), "2</dev/sda<block 8:0>>");
  EXPECT_EQ(arg_text(Arg::fd(3), ev), "3</tmp/x\\74char 1:3\\76>");  // a file's own name
}

// dup2 onto an open fd: the argument shows what newfd was, the result what it now is (strace).
TEST(StraceText, Dup2OntoAnOpenFdShowsBeforeAndAfter) {
  SyscallEvent ev = text_call("dup2", {Arg::fd(3), Arg::fd(4)});
  ev.ret = 4;
  ev.ret_kind = RetKind::Fd;
  ev.fd_refs = {{3, "/etc/hostname"}, {4, "/etc/passwd"}, {4, "/etc/hostname"}};
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 dup2(3</etc/hostname>, 4</etc/passwd>) = 4</etc/hostname>");
}

// A file that is gone is marked after its annotation, as strace writes it.
TEST(StraceText, DeletedFileIsMarkedAfterTheAnnotation) {
  SyscallEvent ev = text_call("close", {Arg::fd(3)});
  ev.fd_refs = {{3, "/memfd:x (deleted)"}};
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 close(3</memfd:x>(deleted)) = 0");
}

// A set (signals) is written with spaces between its elements, any other array with ", ".
TEST(StraceText, SetsAreSpaceSeparated) {
  Arg set;
  set.kind = ArgKind::Array;
  set.items = {symbol_from_names("CHLD"), symbol_from_names("TERM")};
  EXPECT_EQ(arg_text(set), "[CHLD, TERM]");
  set.space_separated = true;
  EXPECT_EQ(arg_text(set), "[CHLD TERM]");
}

TEST(StraceText, Numbers) {
  EXPECT_EQ(arg_text(Arg::integer(-5)), "-5");
  EXPECT_EQ(arg_text(Arg::uinteger(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(arg_text(Arg::hex(0x7ffd1234abcdull)), "0x7ffd1234abcd");
  EXPECT_EQ(arg_text(Arg::hex(0)), "0");  // strace's "%#lx"
  EXPECT_EQ(arg_text(Arg::octal(0644)), "0644");
  EXPECT_EQ(arg_text(Arg::octal(0)), "000");
  EXPECT_EQ(arg_text(Arg::octal(07)), "007");
  EXPECT_EQ(arg_text(Arg::octal(01777)), "01777");
  EXPECT_EQ(arg_text(Arg::null()), "NULL");
  EXPECT_EQ(arg_text(symbol_from_names("SIG_BLOCK")), "SIG_BLOCK");
  EXPECT_EQ(arg_text(Arg::raw("{st_mode=S_IFREG|0644, ...}")), "{st_mode=S_IFREG|0644, ...}");
}

TEST(StraceText, FdWithAndWithoutAnnotation) {
  SyscallEvent ev;
  ev.fd_refs = {{3, "/etc/passwd"}, {5, "TCP:[127.0.0.1:40000->127.0.0.1:80]"}};
  EXPECT_EQ(arg_text(Arg::fd(3), ev), "3</etc/passwd>");
  EXPECT_EQ(arg_text(Arg::fd(5), ev), "5<TCP:[127.0.0.1:40000->127.0.0.1:80]>");
  EXPECT_EQ(arg_text(Arg::fd(4), ev), "4");
  // An annotation's own angle brackets are escaped in octal, as strace -x does (three digits
  // when an octal digit follows); white space by name; any other control byte hex-escapes all.
  ev.fd_refs = {{7, "/tmp/a>b\n"}, {8, "/tmp/<7"}, {9, "/t\x01"}};
  EXPECT_EQ(arg_text(Arg::fd(7), ev), "7</tmp/a\\76b\\n>");
  EXPECT_EQ(arg_text(Arg::fd(8), ev), "8</tmp/\\0747>");
  EXPECT_EQ(arg_text(Arg::fd(9), ev), "9<\\x2f\\x74\\x01>");
}

TEST(StraceText, StringEscaping) {
  EXPECT_EQ(arg_text(Arg::str("plain text 123")), "\"plain text 123\"");
  EXPECT_EQ(arg_text(Arg::str("say \"hi\"\\")), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(arg_text(Arg::str("a\nb\tc\rd\ve\ff")), "\"a\\nb\\tc\\rd\\ve\\ff\"");
  EXPECT_EQ(arg_text(Arg::str(std::string("\x00\x01\x7f\x80\xff", 5))),
            "\"\\x00\\x01\\x7f\\x80\\xff\"");
  // -x: one byte that is neither printable ASCII nor white space hex-escapes the whole string.
  EXPECT_EQ(arg_text(Arg::str("h\xc3\xa9")), "\"\\x68\\xc3\\xa9\"");
  EXPECT_EQ(arg_text(Arg::str(std::string("a\0b\n", 4))), "\"\\x61\\x00\\x62\\x0a\"");
  EXPECT_EQ(arg_text(Arg::str("\"q\"\x7f")), "\"\\x22\\x71\\x22\\x7f\"");
  EXPECT_EQ(arg_text(Arg::str("<a>\t")), "\"<a>\\t\"");  // '<' '>' only escaped in annotations
  EXPECT_EQ(arg_text(Arg::str("")), "\"\"");
}

// Long binary buffers are escaped in chunks: the text of 1,000 bytes is the text of each byte, in
// order, with no chunk boundary showing.
TEST(StraceText, LongBinaryBufferIsEveryByteInHex) {
  std::string bytes;
  std::string expected = "\"";
  for (int i = 0; i < 1000; ++i) {
    const auto c = static_cast<unsigned char>((i * 37) & 0xFF);
    bytes.push_back(static_cast<char>(c));
    constexpr char kDigits[] = "0123456789abcdef";
    expected += "\\x";
    expected.push_back(kDigits[c >> 4]);
    expected.push_back(kDigits[c & 0xF]);
  }
  expected += "\"";
  EXPECT_EQ(arg_text(Arg::str(bytes)), expected);
}

TEST(StraceText, Truncation) {
  EXPECT_EQ(arg_text(Arg::str("abc", true)), "\"abc\"...");
  Arg arr;
  arr.kind = ArgKind::Array;
  arr.items = {Arg::str("ls"), Arg::str("-l")};
  EXPECT_EQ(arg_text(arr), "[\"ls\", \"-l\"]");
  arr.truncated = true;
  EXPECT_EQ(arg_text(arr), "[\"ls\", \"-l\", ...]");
  arr.items.clear();
  EXPECT_EQ(arg_text(arr), "[...]");
  arr.truncated = false;
  EXPECT_EQ(arg_text(arr), "[]");
}

TEST(StraceText, StructAndSocketSpellings) {
  Arg sa;
  sa.kind = ArgKind::Struct;
  sa.items.push_back(symbol_from_names("AF_INET").named("sa_family"));
  sa.items.push_back(Arg::integer(80).named("sin_port"));
  sa.items.push_back(Arg::str("127.0.0.1").named("sin_addr"));
  EXPECT_EQ(arg_text(sa), "{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}");

  Arg sa6;
  sa6.kind = ArgKind::Struct;
  sa6.items.push_back(symbol_from_names("AF_INET6").named("sa_family"));
  sa6.items.push_back(Arg::uinteger(443).named("sin6_port"));
  sa6.items.push_back(Arg::integer(0).named("sin6_flowinfo"));
  sa6.items.push_back(Arg::str("::1").named("sin6_addr"));
  EXPECT_EQ(arg_text(sa6),
            "{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
            "inet_pton(AF_INET6, \"::1\", &sin6_addr)}");

  // An abstract unix name (tests/helpers/corpus/sock_unix.c's bind, as strace 6.1 writes it).
  Arg abstract;
  abstract.kind = ArgKind::Struct;
  abstract.items.push_back(symbol_from_names("AF_UNIX").named("sa_family"));
  abstract.items.push_back(Arg::str(std::string("\0capsule-corpus-7", 17)).named("sun_path"));
  EXPECT_EQ(arg_text(abstract), "{sa_family=AF_UNIX, sun_path=@\"capsule-corpus-7\"}");

  Arg nested;
  nested.kind = ArgKind::Struct;
  nested.items.push_back(Arg::octal(0755).named("st_mode"));
  nested.items.push_back(std::move(sa).named("addr"));
  nested.truncated = true;
  EXPECT_EQ(arg_text(nested),
            "{st_mode=0755, addr={sa_family=AF_INET, sin_port=htons(80), "
            "sin_addr=inet_addr(\"127.0.0.1\")}, ...}");
}

TEST(StraceText, ArgNameIgnoredAtTopLevel) {
  SyscallEvent ev = text_call("close", {Arg::fd(3).named("fd")});
  ev.ret = 0;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 close(3)           = 0");
}

TEST(StraceText, ReturnForms) {
  SyscallEvent ev = text_call("mmap", {Arg::null(), Arg::uinteger(4096)});
  ev.ret = 0x7f1234560000;
  ev.ret_kind = RetKind::Hex;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 mmap(NULL, 4096)   = 0x7f1234560000");

  ev = text_call("openat", {symbol_from_names("AT_FDCWD"), Arg::str("/nope"), symbol_from_names("O_RDONLY")});
  ev.ret = -1;
  ev.err = ENOENT;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT "
                      "(No such file or directory)");

  ev = text_call("dup", {Arg::fd(1)});
  ev.ret = 4;
  ev.ret_kind = RetKind::Fd;  // no annotation known: bare number
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 dup(1)             = 4");

  ev = text_call("exit_group", {Arg::integer(0)});
  ev.has_ret = false;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 exit_group(0)      = ?");

  ev = text_call("read", {Arg::fd(0), Arg::hex(0x1000), Arg::uinteger(10)});
  ev.ret = -1;
  ev.err = 512;  // ERESTARTSYS never reaches user space: strace shows "?"
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 read(0, 0x1000, 10) = ? ERESTARTSYS (To be restarted "
                      "if SA_RESTART is set)");
}

TEST(StraceText, DeniedLooksLikeAFailure) {
  SyscallEvent ev = text_call("unlink", {Arg::str("/etc/shadow")});
  ev.denied = true;
  ev.ret = -1;
  ev.err = EACCES;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 unlink(\"/etc/shadow\") = -1 EACCES (Permission denied)");
  ev.err = 0;  // a denial that returned without an errno is EPERM
  EXPECT_EQ(line(ev),
            "1234 17:30:00.123456 unlink(\"/etc/shadow\") = -1 EPERM (Operation not permitted)");
  ev.has_ret = false;  // killed (or trapped) by the policy: it never returned, as strace writes it
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 unlink(\"/etc/shadow\") = ?");
}

TEST(StraceText, ThreadIdLabelsTheLine) {
  SyscallEvent ev = text_call("getpid", {});
  ev.tid = 1240;
  ev.ret = 1234;
  EXPECT_EQ(line(ev), "1240 17:30:00.123456 getpid()           = 1234");
}

// A SIGCHLD delivered to 1234, its siginfo (empty) in args[0].
SyscallEvent sigchld_event() {
  SyscallEvent ev;
  ev.type = EventType::Signal;
  ev.pid = ev.tid = 1234;
  ev.ts_us = kCallTimeUs;
  ev.signo = SIGCHLD;
  Arg info;
  info.kind = ArgKind::Struct;
  ev.args = {info};
  return ev;
}

TEST(StraceText, SignalLines) {
  SyscallEvent ev = sigchld_event();
  Arg& info = ev.args[0];
  info.items.push_back(symbol_from_names("SIGCHLD").named("si_signo"));
  info.items.push_back(symbol_from_names("CLD_EXITED").named("si_code"));
  info.items.push_back(Arg::integer(1235).named("si_pid"));
  info.items.push_back(Arg::integer(0).named("si_status"));
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, "
                      "si_pid=1235, si_status=0} ---");
  ev.args.clear();
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 --- SIGCHLD {si_signo=SIGCHLD} ---");
  ev.signo = SIGSTOP;
  ev.stopped = true;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 --- stopped by SIGSTOP ---");
}

// A child's CPU times in clock ticks, followed by the seconds they stand for (strace's
// print_clock_t; CLK_TCK is 100 on Linux).
TEST(StraceText, SigchldCpuTimesInSeconds) {
  SyscallEvent ev = sigchld_event();
  ev.args[0].items.push_back(Arg::integer(0).named("si_utime"));
  ev.args[0].items.push_back(Arg::integer(123).named("si_stime"));
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 --- SIGCHLD {si_utime=0, si_stime=123 /* 1.23 s */} ---");
}

// clone's arguments under strace's names and in its order; poll's revents after the return value.
TEST(StraceText, NamedCloneArgumentsAndPollRevents) {
  SyscallEvent ev = text_call("clone", {symbol_from_names("CLONE_CHILD_SETTID|SIGCHLD").named("flags"),
                                        Arg::null().named("stack"), Arg::hex(0x7f00).named("child_tid")});
  ev.ret = 99;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, "
                      "child_tidptr=0x7f00) = 99");
  Arg entry;
  entry.kind = ArgKind::Struct;
  entry.items.push_back(Arg::fd(3).named("fd"));
  entry.items.push_back(symbol_from_names("POLLIN").named("events"));
  Arg fds;
  fds.kind = ArgKind::Array;
  fds.items.push_back(entry);
  ev = text_call("poll", {std::move(fds).named("fds"), Arg::uinteger(1).named("nfds"), Arg::integer(0).named("timeout")});
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)");
  ev.args[0].items[0].items.push_back(symbol_from_names("POLLIN").named("revents"));
  ev.ret = 1;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 poll([{fd=3, events=POLLIN}], 1, 0) = 1 ([{fd=3, revents=POLLIN}])");
}

TEST(StraceText, ExitLines) {
  SyscallEvent ev;
  ev.type = EventType::Exit;
  ev.pid = ev.tid = 1234;
  ev.ts_us = kCallTimeUs;
  ev.exit_code = 3;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 +++ exited with 3 +++");
  ev.killed = true;
  ev.signo = SIGKILL;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 +++ killed by SIGKILL +++");
  ev.signo = SIGSEGV;
  ev.core_dumped = true;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 +++ killed by SIGSEGV (core dumped) +++");
}

TEST(StraceText, TimeOfDayIsUtcAndPadded) {
  SyscallEvent ev = text_call("getpid", {});
  ev.ts_us = 1795392000000007;  // 2026-11-23T00:00:00.000007Z
  ev.ret = 1;
  EXPECT_EQ(line(ev), "1234 00:00:00.000007 getpid()           = 1");
}

// The second's text is kept from line to line: lines whose times go forward, back, across
// midnight and before 1970 each get their own.
TEST(StraceText, TimeOfDayOfEachLineAsTimesJump) {
  SyscallEvent ev = text_call("getpid", {});
  ev.ret = 1;
  const std::pair<int64_t, const char*> times[] = {
      {1795455000999999, "17:30:00.999999"}, {1795455001000000, "17:30:01.000000"},
      {1795455000000001, "17:30:00.000001"}, {1795391999999999, "23:59:59.999999"},
      {1795392000000000, "00:00:00.000000"}, {-1, "23:59:59.999999"},
      {0, "00:00:00.000000"},                {1795455000999999, "17:30:00.999999"}};
  for (const auto& [ts, text] : times) {
    ev.ts_us = ev.end_us = ts;
    EXPECT_EQ(line(ev), std::string("1234 ") + text + " getpid()           = 1") << ts;
  }
}

// strace -v's date after each time of a stat struct, re-created from the seconds and the
// nanoseconds (UTC, as capsule's time of day); none for a zero time.
TEST(StraceText, StatTimesCarryTheirDate) {
  Arg st;
  st.kind = ArgKind::Struct;
  st.items.push_back(Arg::integer(42).named("st_size"));
  st.items.push_back(Arg::uinteger(1796449644).named("st_atime"));
  st.items.push_back(Arg::uinteger(307527411).named("st_atime_nsec"));
  st.items.push_back(Arg::uinteger(1685210301).named("st_mtime"));
  st.items.push_back(Arg::uinteger(0).named("st_mtime_nsec"));
  st.items.push_back(Arg::uinteger(0).named("st_ctime"));
  st.items.push_back(Arg::uinteger(0).named("st_ctime_nsec"));
  EXPECT_EQ(arg_text(st),
            "{st_size=42, st_atime=1796449644 /* 2026-12-05T05:47:24.307527411+0000 */, "
            "st_atime_nsec=307527411, st_mtime=1685210301 /* 2023-05-27T17:58:21+0000 */, "
            "st_mtime_nsec=0, st_ctime=0, st_ctime_nsec=0}");
}

// The date is calendar arithmetic, not gmtime_r and strftime: the same text as theirs for times
// spread over years 0 to 9999 and beyond (leap days, before 1970, the ends of centuries).
TEST(StraceText, StatDatesAreStrftimesOwn) {
  std::vector<int64_t> times = {-62167219200, -62167219199, -30610224001, -1, 1, 59, 86399, 86400,
                                951782400, 951868799, 4107542399, 4107542400, 253402300799,
                                253402300800, 253402387200, -62167219201, -99999999999};
  uint64_t x = 88172645463325252ull;  // xorshift: the same spread of times every run
  for (int i = 0; i < 2000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    times.push_back(static_cast<int64_t>(x % 320'000'000'000ull) - 64'000'000'000);
  }
  for (const int64_t sec : times) {
    Arg st;
    st.kind = ArgKind::Struct;
    st.items.push_back(Arg::integer(sec).named("st_mtime"));
    st.items.push_back(Arg::uinteger(5).named("st_mtime_nsec"));
    const auto t = static_cast<time_t>(sec);
    std::tm tm{};
    ASSERT_NE(gmtime_r(&t, &tm), nullptr);
    char date[96];
    const size_t n = std::strftime(date, sizeof date, "%FT%T", &tm);
    EXPECT_EQ(arg_text(st), "{st_mtime=" + std::to_string(sec) + " /* " + std::string(date, n) +
                                ".000000005+0000 */, st_mtime_nsec=5}")
        << sec;
  }
}

TEST(StraceText, StatxTimesCarryTheirDate) {
  const auto stamp = [](int64_t sec, uint64_t nsec, const char* name) {
    Arg t;
    t.kind = ArgKind::Struct;
    t.items.push_back(Arg::integer(sec).named("tv_sec"));
    t.items.push_back(Arg::uinteger(nsec).named("tv_nsec"));
    return std::move(t).named(name);
  };
  Arg stx;
  stx.kind = ArgKind::Struct;
  stx.items.push_back(stamp(1796449601, 661150084, "stx_atime"));
  stx.items.push_back(stamp(0, 0, "stx_btime"));
  stx.items.push_back(stamp(1796448990, 6436691, "stx_ctime"));
  stx.items.push_back(stamp(1796448990, 6436691, "tv"));  // not a statx time: no comment
  EXPECT_EQ(arg_text(stx),
            "{stx_atime={tv_sec=1796449601, tv_nsec=661150084} /* 2026-12-05T05:46:41.661150084+0000 */, "
            "stx_btime={tv_sec=0, tv_nsec=0}, "
            "stx_ctime={tv_sec=1796448990, tv_nsec=6436691} /* 2026-12-05T05:36:30.006436691+0000 */, "
            "tv={tv_sec=1796448990, tv_nsec=6436691}}");
}

// strace's -a 40: " = " starts at column 40 of the line, pid and time included; a longer call
// is followed by a single space.
TEST(StraceText, ReturnValueAlignedAtColumn40) {
  SyscallEvent ev = text_call("brk", {Arg::null()});
  ev.ret = 0x55e62126d000;
  ev.ret_kind = RetKind::Hex;
  const std::string text = line(ev);
  EXPECT_EQ(text, "1234 17:30:00.123456 brk(NULL)          = 0x55e62126d000");
  EXPECT_EQ(text.find("= "), 40u);
  ev = text_call("write", {Arg::fd(1), Arg::str("exactly eight"), Arg::uinteger(13)});
  ev.ret = 13;
  EXPECT_EQ(line(ev), "1234 17:30:00.123456 write(1, \"exactly eight\", 13) = 13");
  // Several lines in one buffer: each is aligned on its own start.
  std::string two;
  append_strace_line(text_call("getpid", {}), two);
  two.push_back('\n');
  append_strace_line(text_call("getpid", {}), two);
  EXPECT_EQ(two, "1234 17:30:00.123456 getpid()           = 0\n"
                 "1234 17:30:00.123456 getpid()           = 0");
}

// Return values strace decodes, as the syscall table says (the event's ret is a plain Int):
// umask's old mask in octal, fcntl's F_GETFL and F_GETFD flags.
TEST(StraceText, DecodedReturnValues) {
  struct Case {
    const char* fcntl_cmd;  // nullptr: umask(077)
    int64_t ret;
    const char* text;
  };
  const Case cases[] = {
      {nullptr, 022, "umask(077)         = 022"},
      {nullptr, 0, "umask(077)         = 0"},
      {"F_GETFL", 0x8002, "fcntl(1, F_GETFL)  = 0x8002 (flags O_RDWR|O_LARGEFILE)"},
      {"F_GETFL", 0, "fcntl(1, F_GETFL)  = 0 (flags O_RDONLY)"},
      {"F_GETFD", 1, "fcntl(1, F_GETFD)  = 0x1 (flags FD_CLOEXEC)"},
      {"F_GETFD", 0, "fcntl(1, F_GETFD)  = 0"},
      {"F_GETPIPE_SZ", 65536, "fcntl(1, F_GETPIPE_SZ) = 65536"},
  };
  for (const Case& c : cases) {
    SyscallEvent ev = c.fcntl_cmd == nullptr
                          ? text_call("umask", {Arg::octal(077)})
                          : text_call("fcntl", {Arg::fd(1), symbol_from_names(c.fcntl_cmd)});
    ev.ret = c.ret;
    EXPECT_EQ(line(ev), std::string("1234 17:30:00.123456 ") + c.text);
  }
}

// The names strace writes after a return value, from the flag tables; a value no table names, and
// an error, stay a bare number.
TEST(StraceText, NamedReturnValues) {
  struct Case {
    SyscallEvent ev;
    int64_t ret;
    const char* text;
  };
  const Case cases[] = {
      {text_call("sched_getscheduler", {Arg::integer(0)}), 0, "sched_getscheduler(0) = 0 (SCHED_OTHER)"},
      {text_call("sched_getscheduler", {Arg::integer(0)}), 3, "sched_getscheduler(0) = 3 (SCHED_BATCH)"},
      {text_call("sched_getscheduler", {Arg::integer(0)}), 77, "sched_getscheduler(0) = 77"},
      {text_call("prctl", {symbol_from_names("PR_GET_DUMPABLE")}), 1, "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)"},
      {text_call("prctl", {symbol_from_names("PR_MCE_KILL_GET"), Arg::integer(0)}), 2,
       "prctl(PR_MCE_KILL_GET, 0) = 2 (PR_MCE_KILL_DEFAULT)"},
      {text_call("prctl", {symbol_from_names("PR_GET_SPECULATION_CTRL"), Arg::integer(0)}), 2,
       "prctl(PR_GET_SPECULATION_CTRL, 0) = 0x2 (PR_SPEC_ENABLE)"},
      {text_call("prctl", {symbol_from_names("PR_GET_SPECULATION_CTRL"), Arg::integer(0)}), 0,
       "prctl(PR_GET_SPECULATION_CTRL, 0) = 0 (PR_SPEC_NOT_AFFECTED)"},
      {text_call("prctl", {symbol_from_names("PR_GET_TIMERSLACK")}), 50000, "prctl(PR_GET_TIMERSLACK) = 50000"},
      {text_call("fcntl", {Arg::fd(3), symbol_from_names("F_GET_SEALS")}), 2, "fcntl(3, F_GET_SEALS) = 0x2 (seals F_SEAL_SHRINK)"},
      {text_call("fcntl", {Arg::fd(3), symbol_from_names("F_GET_SEALS")}), 0, "fcntl(3, F_GET_SEALS) = 0"},
      {text_call("fcntl", {Arg::fd(3), symbol_from_names("F_GETLEASE")}), 2, "fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK)"},
      {text_call("fcntl", {Arg::fd(3), symbol_from_names("F_GETSIG")}), 12, "fcntl(3, F_GETSIG) = 12 (SIGUSR2)"},
      {text_call("fcntl", {Arg::fd(3), symbol_from_names("F_GETSIG")}), 0, "fcntl(3, F_GETSIG) = 0"},
      {text_call("ioprio_get", {symbol_from_names("IOPRIO_WHO_PROCESS"), Arg::integer(0)}), 16388,
       "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))"},
      {text_call("rt_sigtimedwait", {Arg::raw("[USR2]"), Arg::raw("NULL"), Arg::raw("NULL"), Arg::uinteger(8)}), 12,
       "rt_sigtimedwait([USR2], NULL, NULL, 8) = 12 (SIGUSR2)"},
  };
  for (const Case& c : cases) {
    SyscallEvent ev = c.ev;
    ev.ret = c.ret;
    EXPECT_EQ(line(ev), std::string("1234 17:30:00.123456 ") + c.text);
  }
  SyscallEvent failed = text_call("sched_getscheduler", {Arg::integer(99999)});
  failed.ret = -1;
  failed.err = ESRCH;
  EXPECT_EQ(line(failed), "1234 17:30:00.123456 sched_getscheduler(99999) = -1 ESRCH (No such process)");
}

TEST(StraceText, ControlBytesInVerbatimTextCannotBreakTheLine) {
  EXPECT_EQ(arg_text(Arg::raw("a\nb")), "a\\x0ab");
}

}  // namespace
}  // namespace capsule
