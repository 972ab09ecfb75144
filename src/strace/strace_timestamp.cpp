#include "strace/strace_timestamp.h"

#include "base/clock.h"

namespace capsule::strace_detail {

namespace {

// Relative (-r) deltas are small; an epoch time (-ttt) of a real trace is far beyond this, so the
// magnitude tells the two "S.FFFFFF" forms apart (strace writes them identically).
constexpr int64_t kEpochThresholdSeconds = 1'000'000;  // ~11.6 days
constexpr int64_t kHalfDayUs = kMicrosPerDay / 2;

bool read_digits(Cursor& c, int max_digits, int64_t& value, int& count) {
  value = 0;
  count = 0;
  while (count < max_digits && is_digit(c.peek()) && !c.at_end()) {
    value = value * 10 + (c.text[c.pos++] - '0');
    ++count;
  }
  return count > 0;
}

// ".FFFFFF" (at least one digit) scaled to µs.
bool read_fraction_us(Cursor& c, int64_t& us) {
  if (!c.consume('.')) return false;
  int digits = 0;
  us = read_fraction_digits_us(c, digits);
  return digits > 0;
}

}  // namespace

int64_t read_fraction_digits_us(Cursor& c, int& digits) {
  int64_t value = 0;
  read_digits(c, 9, value, digits);
  for (int d = digits; d < 6; ++d) value *= 10;
  for (int d = digits; d > 6; --d) value /= 10;
  return value;
}

bool read_timestamp(Cursor& c, LineTimestamp& out) {
  Cursor probe = c;
  int64_t first = 0;
  int digits = 0;
  if (!read_digits(probe, 18, first, digits)) return false;
  LineTimestamp ts;
  if (probe.peek() == ':') {
    int64_t minutes = 0;
    int64_t seconds = 0;
    int n = 0;
    ++probe.pos;
    if (!read_digits(probe, 2, minutes, n) || !probe.consume(':')) return false;
    if (!read_digits(probe, 2, seconds, n)) return false;
    if (first > 23 || minutes > 59 || seconds > 60) return false;
    int64_t fraction_us = 0;
    if (probe.peek() == '.' && !read_fraction_us(probe, fraction_us)) return false;
    ts.form = TimestampForm::TimeOfDay;
    ts.value_us = ((first * 60 + minutes) * 60 + seconds) * 1'000'000 + fraction_us;
  } else if (probe.peek() == '.') {
    int64_t fraction_us = 0;
    if (!read_fraction_us(probe, fraction_us)) return false;
    if (first > INT64_MAX / 1'000'000 - 1) return false;
    ts.form = first >= kEpochThresholdSeconds ? TimestampForm::Epoch : TimestampForm::Relative;
    ts.value_us = first * 1'000'000 + fraction_us;
  } else {
    return false;
  }
  if (probe.peek() != ' ') return false;
  probe.skip_spaces();
  c.pos = probe.pos;
  out = ts;
  return true;
}

int64_t WallClock::resolve(const LineTimestamp& ts) {
  switch (ts.form) {
    case TimestampForm::None:
      break;
    case TimestampForm::Epoch:
      last_us_ = ts.value_us;
      break;
    case TimestampForm::Relative:
      last_us_ += ts.value_us;
      break;
    case TimestampForm::TimeOfDay:
      if (last_time_of_day_us_ >= 0 && ts.value_us < last_time_of_day_us_ - kHalfDayUs)
        day_start_us_ += kMicrosPerDay;
      last_time_of_day_us_ = ts.value_us;
      last_us_ = day_start_us_ + ts.value_us;
      break;
  }
  return last_us_;
}

int64_t today_utc_midnight_us() {
  const int64_t now = wall_clock_us();
  return now - now % kMicrosPerDay;
}

}  // namespace capsule::strace_detail
