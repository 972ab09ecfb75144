// Lines that are not valid strace output are reported (line number, verbatim text, reason) and
// skipped; the parser never throws, never crashes, and keeps going.
#include <gtest/gtest.h>

#include "strace_test_util.h"

namespace capsule::strace_test {
namespace {

void expect_rejected(std::string_view line) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "1 10:00:00.000000 getpid() = 1", line, "1 10:00:00.000002 getpid() = 1"});
  ASSERT_EQ(r.errors.size(), 1u) << line;
  EXPECT_EQ(r.errors[0].line_number, 2u);
  EXPECT_EQ(r.errors[0].line, std::string(line));
  EXPECT_FALSE(r.errors[0].reason.empty());
  EXPECT_EQ(r.events.size(), 2u) << line;  // the good lines around it still count
}

TEST(StraceMalformed, UnterminatedQuote) {
  expect_rejected(R"(1 10:00:00.000001 openat(AT_FDCWD, "/etc/passwd, O_RDONLY) = 3)");
}
TEST(StraceMalformed, UnbalancedBraces) {
  expect_rejected("1 10:00:00.000001 fstat(3, {st_mode=S_IFREG|0644, st_size=10) = 0");
  expect_rejected("1 10:00:00.000001 fstat(3, {st_mode=[1, 2}) = 0");
  expect_rejected("1 10:00:00.000001 fstat(3, {{{{{{{{{{{{{{{{{{{{{{{");
}
TEST(StraceMalformed, Garbage) {
  expect_rejected("hello world");
  expect_rejected("1 10:00:00.000001 ");
  expect_rejected("1 10:00:00.000001 getpid()");
  expect_rejected("1 10:00:00.000001 getpid() = banana");
  expect_rejected("1 10:00:00.000001 getpid() = 1 trailing junk");
  expect_rejected("1 10:00:00.000001 read(3, , 5) = 0");
  expect_rejected("1 10:00:00.000001 +++ exploded +++");
  expect_rejected("1 10:00:00.000001 --- SIGCHLD {si_signo=SIGCHLD}");
  expect_rejected("[pid abc] 10:00:00.000001 getpid() = 1");
  expect_rejected(std::string_view("\0\xff\x01(", 4));
}

TEST(StraceMalformed, BrokenResumedLineKeepsTheCallPending) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "1 10:00:00.000000 read(0,  <unfinished ...>",
      "1 10:00:00.000001 <... read resumed>\"unterminated, 4) = 4",
      "1 10:00:00.000002 <... read resumed>\"ok\", 4) = 2",
  });
  ASSERT_EQ(r.errors.size(), 1u);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].args.size(), 3u);
  EXPECT_EQ(r.events[0].args[1], Arg::str("ok").named("buf"));
  EXPECT_EQ(r.events[0].ret, 2);
}

TEST(StraceMalformed, ErrorCallbackReceivesErrorsInsteadOfTheList) {
  StraceParseOptions options;
  std::vector<uint64_t> seen;
  options.on_error = [&](const StraceParseError& e) { seen.push_back(e.line_number); };
  StraceLineParser parser(std::move(options));
  parser.feed("x");
  parser.feed("1 10:00:00.000000 getpid() = 1");
  parser.feed("y(");
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(parser.error_count(), 2u);
  EXPECT_EQ(parser.lines_read(), 3u);
  EXPECT_TRUE(parser.take_errors().empty());
}

TEST(StraceMalformed, DeepNestingIsRejectedNotACrash) {
  std::string line = "1 10:00:00.000000 x(";
  line.append(100'000, '[');
  line.append(100'000, ']');
  line += ") = 0";
  const ParseResult r = parse_lines(std::vector<std::string_view>{line});
  EXPECT_EQ(r.errors.size(), 1u);
}

}  // namespace
}  // namespace capsule::strace_test
