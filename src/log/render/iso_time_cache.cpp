#include "log/render/iso_time_cache.h"

#include "base/zero_padded.h"
#include "log/render/event_render.h"

namespace capsule {
namespace {

constexpr int64_t kIsoCacheUsPerSecond = 1'000'000;

}  // namespace

std::string_view IsoTimeCache::prefix(int64_t ts_us, uint32_t& micros) {
  // Floor division: a time before 1970 still belongs to the second before it.
  int64_t second = ts_us / kIsoCacheUsPerSecond;
  if (ts_us % kIsoCacheUsPerSecond < 0) --second;
  if (!valid_ || second != second_) {
    prefix_.clear();
    append_iso_time(second * kIsoCacheUsPerSecond, prefix_);
    prefix_.resize(prefix_.rfind('.') + 1);  // drop "000000Z"
    second_ = second;
    valid_ = true;
  }
  micros = static_cast<uint32_t>(ts_us - second * kIsoCacheUsPerSecond);
  return prefix_;
}

void IsoTimeCache::append(int64_t ts_us, std::string& out) {
  uint32_t micros = 0;
  out.append(prefix(ts_us, micros));
  char text[7];
  *put_zero_padded(text, micros, 6) = 'Z';
  out.append(text, sizeof text);
}

}  // namespace capsule
