// Writing an unsigned number as exactly `width` decimal digits, zero-padded ("07", "000123"): the
// hours, minutes, seconds and microseconds of every record's timestamp. Inline and without bounds
// checks because it runs several times per event; the caller guarantees the room and v < 10^width.
#pragma once

#include <concepts>

namespace capsule {

// Writes the digits at p and returns the end. U stays the caller's type: a 32-bit division by
// ten is cheaper than a 64-bit one on the per-event path.
template <std::unsigned_integral U>
inline char* put_zero_padded(char* p, U v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

}  // namespace capsule
