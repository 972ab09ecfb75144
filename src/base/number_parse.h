// Reading integers from text, on std::from_chars (no locale, no allocation, overflow reported).
// Every parser of a number in capsule goes through here: /proc files, our own log lines, rule
// files, and the text of symbolic syscall arguments.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace capsule {

// The whole of text as one T in base, in from_chars' syntax (digits, and '-' for a signed T);
// nullopt when anything else is there, or on overflow.
template <class T>
std::optional<T> parse_whole(std::string_view text, int base = 10) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// The T at the start of text (what follows it is left to the caller); nullopt when text does not
// start with one, or on overflow.
template <class T>
std::optional<T> parse_leading(std::string_view text, int base = 10) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || ptr == text.data()) return std::nullopt;
  return value;
}

// The decimal at s[i] in the one spelling our writers use for counts, offsets and sequence
// numbers: digits only, no sign, no leading zero, at most max_digits (≤ 19, so it cannot
// overflow) and no more digits after them. On success i moves past it. Log readers take only
// this spelling, so that a record changed to "007" or "+7" does not verify.
std::optional<uint64_t> take_canonical_decimal(std::string_view s, size_t& i, size_t max_digits = 19);

// Which prefixes choose the base of an integer. The two notations really differ: rule files are
// written by people, for whom "010" is ten and only "0x" means hex; symbolic syscall arguments
// come from strace and the decoders, which write C literals ("0644" is octal, "0X1F" is hex).
enum class IntNotation { DecimalOrHex, CLiteral };

// An optional '-' and a magnitude in the notation's base, filling the whole of text.
struct SignedMagnitude {
  bool negative = false;
  uint64_t magnitude = 0;
};
std::optional<SignedMagnitude> parse_signed_magnitude(std::string_view text, IntNotation notation);

}  // namespace capsule
