// Symbolic rendering of constants and flag sets, strace style: "O_WRONLY|O_CREAT|0x40000000".
// The tables themselves are data (flag_tables.h); this is the one function that walks them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace capsule {

struct FlagName {
  uint64_t value;
  std::string_view name;
};
using FlagTable = std::span<const FlagName>;

// Appends the names of the table entries whose bits are all set in v, in table order, joined by
// '|'; bits no entry claims are appended as one hex number. An entry consumes its bits, so list
// multi-bit names (O_TMPFILE) before the single bits they include (O_DIRECTORY). v == 0 appends
// `zero`.
void append_flags(std::string& out, FlagTable table, uint64_t v, std::string_view zero = "0");
std::string flags_string(FlagTable table, uint64_t v, std::string_view zero = "0");

// The entry whose value is exactly v (for enumerations such as F_GETFL); nullptr when none.
const FlagName* find_constant(FlagTable table, uint64_t v);
// The entry named `name`; nullptr when none.
const FlagName* find_constant(FlagTable table, std::string_view name);

// Appends "0x<hex>" (lower case, no leading zeros).
void append_hex(std::string& out, uint64_t v);
// C's "%#x": as append_hex, but 0 is a bare "0" (strace's spelling of many fields).
inline void append_hex_or_zero(std::string& out, uint64_t v) {
  if (v == 0) {
    out.push_back('0');
  } else {
    append_hex(out, v);
  }
}

}  // namespace capsule
