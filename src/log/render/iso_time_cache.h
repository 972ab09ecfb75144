// The record timestamp ("2026-11-23T17:30:00.123456Z", append_iso_time's spelling) with its
// date-and-second part kept from the previous record: events come many per second, and the
// calendar arithmetic and digit-by-digit writing of the whole text were a third of a record's
// cost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace capsule {

class IsoTimeCache {
 public:
  // Appends ts_us as append_iso_time does.
  void append(int64_t ts_us, std::string& out);
  // The same text in two parts: the date and second with the dot ("2026-11-23T17:30:00."),
  // valid until the next call, and the microseconds (0…999999) that follow it, before the "Z".
  std::string_view prefix(int64_t ts_us, uint32_t& micros);

 private:
  bool valid_ = false;
  int64_t second_ = 0;   // the second prefix_ spells (floor of ts_us / 10^6)
  std::string prefix_;   // "2026-11-23T17:30:00."
};

}  // namespace capsule
