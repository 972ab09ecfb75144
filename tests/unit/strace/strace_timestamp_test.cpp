// The timestamp column in each form strace writes, and the midnight rollover of -t/-tt.
#include <gtest/gtest.h>

#include "strace_test_util.h"

namespace capsule::strace_test {
namespace {

constexpr int64_t kUs = 1'000'000;

TEST(StraceTimestamps, MicrosecondTimeOfDayUsesTheBaseDate) {
  const SyscallEvent ev = parse_one("123 17:36:52.178165 getpid() = 123");
  EXPECT_EQ(ev.ts_us, kBaseDayUs + (17 * 3600 + 36 * 60 + 52) * kUs + 178165);
  EXPECT_EQ(ev.pid, 123);
  EXPECT_EQ(ev.tid, 123);
}

TEST(StraceTimestamps, SecondsTimeOfDay) {
  EXPECT_EQ(parse_one("17:36:52 getpid() = 1").ts_us, kBaseDayUs + (17 * 3600 + 36 * 60 + 52) * kUs);
}

TEST(StraceTimestamps, EpochSeconds) {
  const SyscallEvent ev = parse_one("[pid  5001] 1795455433.360915 getpid() = 5001");
  EXPECT_EQ(ev.ts_us, 1795455433LL * kUs + 360915);
  EXPECT_EQ(ev.pid, 5001);
}

TEST(StraceTimestamps, NanosecondFractionIsCutToMicroseconds) {
  EXPECT_EQ(parse_one("1795455433.360915123 getpid() = 1").ts_us, 1795455433LL * kUs + 360915);
}

TEST(StraceTimestamps, RelativeTimesAccumulateFromTheBase) {
  const ParseResult r = parse_lines(read_lines(fixture_path("handwritten_relative_nopid.trace")),
                                    77);
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 6u);
  EXPECT_EQ(r.events[0].ts_us, kBaseDayUs);
  EXPECT_EQ(r.events[1].ts_us, kBaseDayUs + 420);
  EXPECT_EQ(r.events[3].ts_us, kBaseDayUs + 630 + 1'500'000);
  EXPECT_EQ(r.events[3].pid, 77);  // no pid column: the default pid
  EXPECT_EQ(r.events[5].type, EventType::Exit);
}

TEST(StraceTimestamps, MidnightRolloverAdvancesTheDay) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "1 23:59:59.900000 getpid() = 1", "1 00:00:00.100000 getpid() = 1",
      "1 00:00:00.050000 getpid() = 1",  // a small step back is not a new day
      "1 23:59:59.000000 getpid() = 1",  // nor is a jump of less than 12 hours forward
  });
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[0].ts_us, kBaseDayUs + 86'399'900'000);
  EXPECT_EQ(r.events[1].ts_us, kBaseDayUs + 86'400'000'000 + 100'000);
  EXPECT_EQ(r.events[2].ts_us, kBaseDayUs + 86'400'000'000 + 50'000);
  EXPECT_EQ(r.events[3].ts_us, kBaseDayUs + 2 * 86'400'000'000 - 1'000'000);
}

TEST(StraceTimestamps, NoTimestampKeepsTheLastKnownTime) {
  const ParseResult r = parse_lines(read_lines(fixture_path("handwritten_t_and_plain.trace")));
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 6u);
  EXPECT_EQ(r.events[2].pid, 4200);
  EXPECT_EQ(r.events[3].ts_us, r.events[2].ts_us);
  EXPECT_EQ(r.events[3].pid, 0);
}

TEST(StraceTimestamps, DurationFromDashTSetsTheEndTime) {
  const SyscallEvent ev = parse_one("9 10:00:00.000000 write(1, \"x\", 1) = 1 <0.000021>");
  EXPECT_EQ(ev.end_us - ev.ts_us, 21);
  EXPECT_EQ(ev.ret, 1);
}

// The -T duration's fraction is read like a timestamp's: any 1-9 digits, cut to µs.
TEST(StraceTimestamps, DurationFractionOfAnyLength) {
  EXPECT_EQ(parse_one("9 10:00:00.000000 getpid() = 9 <1.5>").end_us - kBaseDayUs - 10 * 3600 * kUs,
            1'500'000);
  EXPECT_EQ(parse_one("9 10:00:00.000000 getpid() = 9 <0.000021987>").end_us - kBaseDayUs - 10 * 3600 * kUs,
            21);
}

}  // namespace
}  // namespace capsule::strace_test
