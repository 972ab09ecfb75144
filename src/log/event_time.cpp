// Time spellings of the two event streams: strace's time of day and ISO-8601 for JSON.
#include <chrono>

#include "log/event_render.h"
#include "log/render_detail.h"

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

void append_digits(std::string& out, int64_t v, int width) {
  char buf[20];
  int n = 0;
  auto u = static_cast<uint64_t>(v < 0 ? -v : v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0 && n < 20);
  while (n < width) buf[n++] = '0';
  while (n > 0) out.push_back(buf[--n]);
}

// HH:MM:SS.uuuuuu of the microsecond within its day.
void append_time_of_day(int64_t us_of_day, std::string& out) {
  const int64_t secs = us_of_day / kUsPerSecond;
  append_digits(out, secs / 3600, 2);
  out.push_back(':');
  append_digits(out, secs / 60 % 60, 2);
  out.push_back(':');
  append_digits(out, secs % 60, 2);
  out.push_back('.');
  append_digits(out, us_of_day % kUsPerSecond, 6);
}

}  // namespace

namespace render_detail {

void append_clock_time(int64_t ts_us, std::string& out) {
  append_time_of_day(ts_us - floor_div(ts_us, kUsPerDay) * kUsPerDay, out);
}

void append_hex_digits(uint64_t v, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kDigits[v & 0xF];
    v >>= 4;
  } while (v != 0);
  while (n > 0) out.push_back(buf[--n]);
}

}  // namespace render_detail

void append_iso_time(int64_t ts_us, std::string& out) {
  const int64_t days = floor_div(ts_us, kUsPerDay);
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  append_digits(out, static_cast<int>(date.year()), 4);
  out.push_back('-');
  append_digits(out, static_cast<unsigned>(date.month()), 2);
  out.push_back('-');
  append_digits(out, static_cast<unsigned>(date.day()), 2);
  out.push_back('T');
  append_time_of_day(ts_us - days * kUsPerDay, out);
  out.push_back('Z');
}

}  // namespace capsule
