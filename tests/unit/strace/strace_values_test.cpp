// Argument values: strings and escapes, numbers, fd annotations, structs, arrays, sockaddrs and
// the verbatim (Raw) fallback. Each case parses a one-argument call so the whole path is used.
#include <gtest/gtest.h>

#include "strace_test_util.h"
#include "decode/symbol_value.h"

namespace capsule::strace_test {
namespace {

// The first argument of "x(<value>) = 0" (name cleared: naming is tested elsewhere).
Arg value_of(std::string_view value) {
  const std::string line = "x(" + std::string(value) + ") = 0";
  SyscallEvent ev = parse_one(line);
  EXPECT_EQ(ev.args.size(), 1u) << line;
  if (ev.args.empty()) return Arg::raw("<nothing parsed>");
  Arg a = ev.args[0];
  a.name.clear();
  return a;
}

TEST(StraceValues, StringEscapes) {
  EXPECT_EQ(value_of(R"("a\nb\tc\rd\ve\ff\"g\\h")"), Arg::str("a\nb\tc\rd\ve\ff\"g\\h"));
  EXPECT_EQ(value_of(R"("\x00\xff\x7f")"), Arg::str(std::string("\x00\xff\x7f", 3)));
  EXPECT_EQ(value_of(R"("\0\1\177\033[")"), Arg::str(std::string("\0\1\177\033[", 5)));
  EXPECT_EQ(value_of(R"("cut"...)"), Arg::str("cut", true));
  EXPECT_EQ(value_of(R"("")"), Arg::str(""));
  EXPECT_EQ(value_of(R"("a, b) = 3")"), Arg::str("a, b) = 3"));  // delimiters inside quotes
}

TEST(StraceValues, Numbers) {
  EXPECT_EQ(value_of("0"), Arg::integer(0));
  EXPECT_EQ(value_of("-1"), Arg::integer(-1));
  EXPECT_EQ(value_of("4096"), Arg::integer(4096));
  EXPECT_EQ(value_of("0x7f1234560000"), Arg::hex(0x7f1234560000));
  EXPECT_EQ(value_of("0644"), Arg::octal(0644));
  EXPECT_EQ(value_of("18446744073709551615"), Arg::uinteger(UINT64_MAX));
  EXPECT_EQ(value_of("-9223372036854775808"), Arg::integer(INT64_MIN));
  EXPECT_EQ(value_of("8192*1024"), Arg::raw("8192*1024"));
  EXPECT_EQ(value_of("0x1ffffffffffffffff"), Arg::raw("0x1ffffffffffffffff"));  // > 64 bits
}

TEST(StraceValues, SymbolsAndNull) {
  EXPECT_EQ(value_of("NULL"), Arg::null());
  EXPECT_EQ(value_of("AT_FDCWD"), symbol_from_names("AT_FDCWD"));
  EXPECT_EQ(value_of("O_RDONLY|O_CLOEXEC"), symbol_from_names("O_RDONLY|O_CLOEXEC"));
  EXPECT_EQ(value_of("S_IFREG|0644"), symbol_from_names("S_IFREG|0644"));
}

// Capability sets are shifts, whose "<<" must not be read as an fd annotation ("1<...>").
TEST(StraceValues, ShiftedFlagSets) {
  EXPECT_EQ(value_of("1<<CAP_CHOWN|1<<CAP_KILL"), symbol_from_names("1<<CAP_CHOWN|1<<CAP_KILL"));
  EXPECT_EQ(value_of("{effective=1<<CAP_NET_RAW, permitted=1<<CAP_NET_RAW|1<<CAP_SYS_ADMIN, inheritable=0}").items.at(1),
            symbol_from_names("1<<CAP_NET_RAW|1<<CAP_SYS_ADMIN").named("permitted"));
  const SyscallEvent ev = parse_one(
      "capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN, permitted=1<<CAP_CHOWN, "
      "inheritable=0}) = 0");
  ASSERT_EQ(ev.args.size(), 2u);
  EXPECT_TRUE(ev.fd_refs.empty());
}

TEST(StraceValues, FdAnnotations) {
  SyscallEvent ev = parse_one(R"(x(3</etc/passwd>, 4<TCP:[127.0.0.1:1->127.0.0.1:2]>, )"
                              R"(5<pipe:[99]>, 6</tmp/a\76b[ \"c\\d>, AT_FDCWD</home>) = 0)");
  ASSERT_EQ(ev.args.size(), 5u);
  EXPECT_EQ(ev.args[0].kind, ArgKind::Fd);
  EXPECT_EQ(ev.args[0].num, 3);
  EXPECT_EQ(ev.args[4].kind, ArgKind::Symbol);
  const std::vector<FdRef> expected = {{3, "/etc/passwd"},
                                       {4, "TCP:[127.0.0.1:1->127.0.0.1:2]"},
                                       {5, "pipe:[99]"},
                                       {6, "/tmp/a>b[ \"c\\d"},
                                       {-100, "/home"}};
  EXPECT_EQ(ev.fd_refs, expected);
}

TEST(StraceValues, StructsAndArraysNest) {
  Arg expected;
  expected.kind = ArgKind::Struct;
  Arg inner;
  inner.kind = ArgKind::Array;
  Arg deep;
  deep.kind = ArgKind::Struct;
  deep.items = {Arg::integer(1).named("c"), Arg::str("x").named("d")};
  inner.items = {deep, Arg::null()};
  expected.items = {Arg::integer(1).named("a"), std::move(inner).named("b")};
  EXPECT_EQ(value_of(R"({a=1, b=[{c=1, d="x"}, NULL]})"), expected);

  Arg empty_array;
  empty_array.kind = ArgKind::Array;
  EXPECT_EQ(value_of("[]"), empty_array);
  Arg signals;
  signals.kind = ArgKind::Array;
  signals.items = {symbol_from_names("INT"), symbol_from_names("QUIT")};
  signals.space_separated = true;  // a set, written back the same way
  EXPECT_EQ(value_of("[INT QUIT]"), signals);
}

TEST(StraceValues, TruncationMarksAndComments) {
  Arg elided;
  elided.kind = ArgKind::Array;
  elided.truncated = true;
  EXPECT_EQ(value_of("[/* 4 vars */]"), elided);
  const Arg st = value_of("{st_mode=S_IFREG|0644, st_atime=1745849508 /* 2025-04-28T14:11 */, ...}");
  EXPECT_TRUE(st.truncated);
  ASSERT_EQ(st.items.size(), 2u);
  EXPECT_EQ(st.items[1], Arg::integer(1745849508).named("st_atime"));
  const Arg dents = value_of(R"([{d_name="."}] /* 1 entries */)");
  EXPECT_FALSE(dents.truncated);
  EXPECT_EQ(dents.items.size(), 1u);
}

TEST(StraceValues, SockaddrInet) {
  const Arg a = value_of(
      R"({sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")})");
  ASSERT_EQ(a.kind, ArgKind::Struct);
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_EQ(a.items[0], symbol_from_names("AF_INET").named("sa_family"));
  EXPECT_EQ(a.items[1], Arg::integer(80).named("sin_port"));
  EXPECT_EQ(a.items[2], Arg::str("127.0.0.1").named("sin_addr"));
}

TEST(StraceValues, SockaddrInet6AndUnix) {
  const Arg a = value_of(R"({sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), )"
                         R"(inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0})");
  ASSERT_EQ(a.items.size(), 5u);
  EXPECT_EQ(a.items[1], Arg::integer(443).named("sin6_port"));
  EXPECT_EQ(a.items[3], Arg::str("::1").named("sin6_addr"));
  const Arg u = value_of(R"({sa_family=AF_UNIX, sun_path="/run/x.sock"})");
  EXPECT_EQ(u.items[1], Arg::str("/run/x.sock").named("sun_path"));
  const Arg abstract = value_of(R"({sa_family=AF_UNIX, sun_path=@"name"})");
  EXPECT_EQ(abstract.items[1], Arg::str(std::string("\0name", 5)).named("sun_path"));
  EXPECT_EQ(a.items[2], Arg::uinteger(0).named("sin6_flowinfo"));
}

TEST(StraceValues, InOutValueKeepsTheValueAfterTheCall) {
  Arg len;
  len.kind = ArgKind::Array;
  len.items = {Arg::integer(28)};
  EXPECT_EQ(value_of("[16 => 28]"), len);
  const Arg args = value_of("{flags=CLONE_VM, parent_tid=0x10} => {parent_tid=[42]}");
  ASSERT_EQ(args.items.size(), 2u);
  EXPECT_EQ(args.items[1].name, "parent_tid");
  EXPECT_EQ(args.items[1].kind, ArgKind::Array);
}

TEST(StraceValues, UnknownShapesAreKeptVerbatim) {
  EXPECT_EQ(value_of("~[KILL STOP RTMIN RT_1]"), Arg::raw("~[KILL STOP RTMIN RT_1]"));
  EXPECT_EQ(value_of("makedev(0xfe, 0)"), Arg::raw("makedev(0xfe, 0)"));
  EXPECT_EQ(value_of("<... resuming interrupted read ...>"),
            Arg::raw("<... resuming interrupted read ...>"));
  // A string strace would never write (unknown escape) is not lost either.
  EXPECT_EQ(value_of(R"("bad \q")"), Arg::raw(R"("bad \q")"));
  const Arg status = value_of("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
  ASSERT_EQ(status.items.size(), 1u);
  ASSERT_EQ(status.items[0].items.size(), 1u);
  EXPECT_EQ(status.items[0].items[0], Arg::raw("WIFEXITED(s) && WEXITSTATUS(s) == 0"));
}

}  // namespace
}  // namespace capsule::strace_test
