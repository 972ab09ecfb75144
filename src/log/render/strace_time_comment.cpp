// strace -v follows each time in a stat or statx struct with the date it stands for:
//   st_atime=1796449644 /* 2026-12-05T05:47:24.307527411+0000 */, st_atime_nsec=307527411
//   stx_atime={tv_sec=1796449601, tv_nsec=661150084} /* 2026-12-05T05:46:41.661150084+0000 */
// and each struct timespec utimensat takes:
//   [{tv_sec=1000000000, tv_nsec=5} /* 2001-09-09T01:46:40.000000005+0000 */, UTIME_OMIT]
// and each CPU time of a SIGCHLD's siginfo with the seconds its clock ticks stand for:
//   si_stime=1 /* 0.01 s */
// The comment is re-created from the values (the strace parser drops it), so both backends keep
// the same event. strace writes its own local time; capsule writes UTC, as its time-of-day column.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <unistd.h>
#include <string_view>

#include "base/zero_padded.h"
#include "log/render/render_detail.h"

namespace capsule::render_detail {
namespace {

const Arg* find_item(const Arg& strct, std::string_view name) {
  for (const Arg& item : strct.items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

bool is_number(const Arg& a) { return a.kind == ArgKind::Int || a.kind == ArgKind::UInt; }

// The seconds and nanoseconds of a time field of a stat or statx struct; false for other fields.
bool time_of_field(const Arg& strct, const Arg& field, int64_t& sec, uint64_t& nsec) {
  const std::string_view name = field.name;
  if ((name == "st_atime" || name == "st_mtime" || name == "st_ctime") && is_number(field)) {
    sec = field.num;
    std::string nsec_name(name);
    nsec_name += "_nsec";
    const Arg* n = find_item(strct, nsec_name);
    nsec = n != nullptr && is_number(*n) ? static_cast<uint64_t>(n->num) : 0;
    return true;
  }
  if ((name == "stx_atime" || name == "stx_btime" || name == "stx_ctime" || name == "stx_mtime") &&
      field.kind == ArgKind::Struct) {
    const Arg* s = find_item(field, "tv_sec");
    const Arg* n = find_item(field, "tv_nsec");
    if (s == nullptr || n == nullptr || !is_number(*s) || !is_number(*n)) return false;
    sec = s->num;
    // strace widens a 32-bit tv_nsec without sign extension.
    nsec = static_cast<uint64_t>(n->num) & 0xffffffffU;
    return true;
  }
  return false;
}

// strace's print_clock_t: ticks as seconds, with as many decimals as CLK_TCK has zeros.
bool append_ticks_comment(const Arg& field, std::string& out) {
  if (field.name != "si_utime" && field.name != "si_stime") return false;
  static const long kTicks = sysconf(_SC_CLK_TCK);
  if (!is_number(field) || field.num <= 0 || kTicks <= 0) return true;
  int decimals = 0;
  for (long t = kTicks; t >= 10 && decimals < 9; t /= 10) ++decimals;
  const auto v = static_cast<uint64_t>(field.num);
  const auto per_second = static_cast<uint64_t>(kTicks);
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, " /* %" PRIu64 ".%0*" PRIu64 " s */", v / per_second, decimals,
                              v % per_second);
  if (n > 0) out.append(buf, static_cast<size_t>(n));
  return true;
}

// The seconds of 1000-01-01 and of 10000-01-01 past 1970-01-01: between them a date's year has
// the four digits the calendar arithmetic below writes (strftime's %Y pads nothing: year 999 is
// "999"), so years outside are left to it.
constexpr int64_t kFourDigitYearsStart = -30'610'224'000;
constexpr int64_t kFourDigitYearsEnd = 253'402'300'800;

// "%FT%T" of sec (UTC) without gmtime_r and strftime: every stat record has three dates, and
// those two calls were most of its cost.
char* put_date_time(char* p, int64_t sec) {
  constexpr int64_t kSecondsPerDay = 86'400;
  int64_t days = sec / kSecondsPerDay;
  int64_t in_day = sec % kSecondsPerDay;
  if (in_day < 0) {
    in_day += kSecondsPerDay;
    --days;
  }
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  p = put_zero_padded(p, static_cast<unsigned>(static_cast<int>(date.year())), 4);
  *p++ = '-';
  p = put_zero_padded(p, static_cast<unsigned>(date.month()), 2);
  *p++ = '-';
  p = put_zero_padded(p, static_cast<unsigned>(date.day()), 2);
  *p++ = 'T';
  const auto s = static_cast<unsigned>(in_day);
  p = put_zero_padded(p, s / 3600, 2);
  *p++ = ':';
  p = put_zero_padded(p, s / 60 % 60, 2);
  *p++ = ':';
  return put_zero_padded(p, s % 60, 2);
}

// " /* 2001-09-09T01:46:40.000000005+0000 */" for a time.
void append_date_comment(int64_t sec, uint64_t nsec, std::string& out) {
  // strace's sprinttime_nsec: no comment for a zero time or an impossible nanosecond count.
  if ((sec == 0 && nsec == 0) || nsec > 999'999'999) return;
  char buf[96];
  size_t n = 0;
  if (sec >= kFourDigitYearsStart && sec < kFourDigitYearsEnd) {
    n = static_cast<size_t>(put_date_time(buf, sec) - buf);
  } else {
    const auto t = static_cast<time_t>(sec);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return;
    n = std::strftime(buf, sizeof buf, "%FT%T", &tm);
    if (n == 0) return;
  }
  if (nsec > 0) {
    buf[n++] = '.';
    n = static_cast<size_t>(put_zero_padded(buf + n, nsec, 9) - buf);
  }
  out.append(" /* ", 4);
  out.append(buf, n);
  out.append("+0000 */", 8);
}

}  // namespace

void append_time_comment(const Arg& strct, const Arg& field, std::string& out) {
  if (append_ticks_comment(field, out)) return;
  int64_t sec = 0;
  uint64_t nsec = 0;
  if (time_of_field(strct, field, sec, nsec)) append_date_comment(sec, nsec, out);
}

void append_times_element_comment(const Arg& array, const Arg& element, std::string& out) {
  if (array.name != "times" || element.kind != ArgKind::Struct) return;
  const Arg* s = find_item(element, "tv_sec");
  const Arg* n = find_item(element, "tv_nsec");
  if (s == nullptr || n == nullptr || !is_number(*s) || !is_number(*n)) return;
  append_date_comment(s->num, static_cast<uint64_t>(n->num), out);
}

}  // namespace capsule::render_detail
