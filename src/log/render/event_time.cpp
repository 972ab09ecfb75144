// Time spellings of the two event streams: strace's time of day and ISO-8601 for JSON.
#include <algorithm>
#include <chrono>
#include <cstring>

#include "base/zero_padded.h"
#include "log/render/event_render.h"
#include "log/render/render_detail.h"

namespace capsule {
namespace {

constexpr int64_t kUsPerSecond = 1'000'000;
constexpr int64_t kUsPerDay = 86'400 * kUsPerSecond;

// Floor division, so that times before 1970 still land on the right day and second.
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// v (which may have more digits than width) zero-padded to at least width digits; for the year.
void append_digits(std::string& out, int64_t v, int width) {
  char buf[20];
  int n = 20;
  auto u = static_cast<uint64_t>(v < 0 ? -v : v);
  do {
    buf[--n] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0 && n > 0);
  while (20 - n < width && n > 0) buf[--n] = '0';
  out.append(buf + n, buf + 20);
}

// HH:MM:SS.uuuuuu of the microsecond within its day (0 <= us_of_day < one day). The renderers
// write one record per event per stream, so times are put together in a buffer and appended once.
char* put_time_of_day(char* p, int64_t us_of_day) {
  const auto secs = static_cast<uint64_t>(us_of_day / kUsPerSecond);
  p = put_zero_padded(p, secs / 3600, 2);
  *p++ = ':';
  p = put_zero_padded(p, secs / 60 % 60, 2);
  *p++ = ':';
  p = put_zero_padded(p, secs % 60, 2);
  *p++ = '.';
  return put_zero_padded(p, static_cast<uint64_t>(us_of_day % kUsPerSecond), 6);
}

}  // namespace

namespace render_detail {

void append_clock_time(int64_t ts_us, std::string& out) {
  // "HH:MM:SS." is spelled once per second (per thread: every syscalls.log line has a time, and
  // lines come many per second); the microseconds after it each time.
  struct SecondText {
    bool valid = false;
    int64_t second = 0;
    char text[16];
  };
  thread_local SecondText cached;
  const int64_t second = floor_div(ts_us, kUsPerSecond);
  if (!cached.valid || cached.second != second) {
    put_time_of_day(cached.text, (second - floor_div(second, 86'400) * 86'400) * kUsPerSecond);
    cached.second = second;
    cached.valid = true;
  }
  char buf[16];
  std::memcpy(buf, cached.text, 9);  // "HH:MM:SS."
  put_zero_padded(buf + 9, static_cast<uint64_t>(ts_us - second * kUsPerSecond), 6);
  out.append(buf, 15);
}

void append_hex_digits(uint64_t v, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kDigits[v & 0xF];
    v >>= 4;
  } while (v != 0);
  std::reverse(buf, buf + n);
  out.append(buf, buf + n);
}

}  // namespace render_detail

void append_iso_time(int64_t ts_us, std::string& out) {
  const int64_t days = floor_div(ts_us, kUsPerDay);
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  append_digits(out, static_cast<int>(date.year()), 4);
  char buf[24];
  char* p = buf;
  *p++ = '-';
  p = put_zero_padded(p, static_cast<unsigned>(date.month()), 2);
  *p++ = '-';
  p = put_zero_padded(p, static_cast<unsigned>(date.day()), 2);
  *p++ = 'T';
  p = put_time_of_day(p, ts_us - days * kUsPerDay);
  *p++ = 'Z';
  out.append(buf, p);
}

}  // namespace capsule
