// strace's timestamp column, in every form it writes, turned into µs since the Unix epoch.
//
//   -t    "17:36:52"           time of day, seconds
//   -tt   "17:36:52.178165"    time of day, µs
//   -ttt  "1795455433.360915"  seconds since the epoch (any fraction length up to ns)
//   -r    "     0.000123"      seconds since the previous line's timestamp
//   none                       (no column)
//
// -t/-tt carry no date, so the caller supplies the epoch time of the midnight that starts the
// trace (in whatever time zone strace printed: strace uses local time, Capsule records UTC, so a
// non-UTC trace needs a base shifted by the zone offset). When the time of day jumps backwards by
// more than 12 hours the trace has crossed midnight and the day advances. -r deltas accumulate
// from the same base. Lines without a timestamp get the last known time, so that order holds.
#pragma once

#include <cstdint>

#include "strace/strace_text_reader.h"

namespace capsule::strace_detail {

enum class TimestampForm : uint8_t { None, TimeOfDay, Epoch, Relative };

struct LineTimestamp {
  TimestampForm form = TimestampForm::None;
  int64_t value_us = 0;  // µs since midnight (TimeOfDay), since the epoch, or since the last line
};

// Reads a timestamp at the cursor followed by a space. Returns false (cursor unchanged) when the
// text there is not a timestamp; a line need not have one.
bool read_timestamp(Cursor& c, LineTimestamp& out);

// The digits of a fraction of a second after its '.' (none, or up to 9: strace writes 6, or 9
// with -ttt's nanoseconds), in µs; "5" is 500000.
int64_t read_fraction_digits_us(Cursor& c, int& digits);

inline constexpr int64_t kMicrosPerDay = 86'400'000'000;

class WallClock {
 public:
  explicit WallClock(int64_t day_start_us) : day_start_us_(day_start_us), last_us_(day_start_us) {}

  // The epoch time of a line's timestamp; advances the clock's state.
  int64_t resolve(const LineTimestamp& ts);

 private:
  int64_t day_start_us_;          // midnight of the day the current -t/-tt times belong to
  int64_t last_time_of_day_us_ = -1;
  int64_t last_us_;               // last resolved time (origin of -r deltas)
};

// Midnight UTC of the current day, µs since the epoch: the default base date.
int64_t today_utc_midnight_us();

}  // namespace capsule::strace_detail
