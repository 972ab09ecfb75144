#include "base/number_parse.h"

namespace capsule {

std::optional<uint64_t> take_canonical_decimal(std::string_view s, size_t& i, size_t max_digits) {
  const std::string_view rest = s.substr(i);
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  // A run too long for uint64 is out_of_range here, and too long for max_digits anyway.
  if (ec != std::errc()) return std::nullopt;
  const auto digits = static_cast<size_t>(ptr - rest.data());
  if (digits > max_digits || (digits > 1 && rest.front() == '0')) return std::nullopt;
  i += digits;
  return value;
}

std::optional<SignedMagnitude> parse_signed_magnitude(std::string_view text, IntNotation notation) {
  SignedMagnitude out;
  if (text.starts_with('-')) {
    out.negative = true;
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.starts_with("0x") || (notation == IntNotation::CLiteral && text.starts_with("0X"))) {
    base = 16;
    text.remove_prefix(2);
  } else if (notation == IntNotation::CLiteral && text.size() > 1 && text.front() == '0') {
    base = 8;
  }
  // uint64_t: from_chars then takes no second sign ("--5", "0x-5").
  const auto magnitude = parse_whole<uint64_t>(text, base);
  if (!magnitude) return std::nullopt;
  out.magnitude = *magnitude;
  return out;
}

}  // namespace capsule
