// strace -x's quoting of a string's bytes (strace's util.c string_quote with xflag
// HEXSTR_NON_ASCII): either the whole string is hex-escaped, or none of it is.
#include "log/render/render_detail.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace capsule::render_detail {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// A byte that -x cannot show in a readable string: anything above '~', and the control
// characters other than the five ASCII white-space ones (\t \n \v \f \r, codes 9 to 13).
bool forces_hex(unsigned char c) {
  return c > 0x7e || (c < 0x20 && (c < '\t' || c > '\r'));
}

// strace's "\[[o]o]o": as few octal digits as the value needs, all three when an octal digit
// follows (so that "\0" + "7" cannot be read back as "\07").
void append_octal_escape(unsigned char c, bool digit_follows, std::string& out) {
  out.push_back('\\');
  if (digit_follows || (c >> 6) != 0) out.push_back(static_cast<char>('0' + (c >> 6)));
  if (digit_follows || (c >> 3) != 0) out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
  out.push_back(static_cast<char>('0' + (c & 7)));
}

// extra_escaped is a character or two ("<>"): compared inline, not searched with memchr per byte.
bool is_one_of(char c, std::string_view set) {
  for (const char e : set) {
    if (c == e) return true;
  }
  return false;
}

}  // namespace

void append_hex_byte(unsigned char c, std::string& out) {
  const char text[] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
  out.append(text, sizeof text);
}

void append_strace_hex(std::string_view bytes, std::string& out) {
  // Gathered on the stack from a table of the 256 spellings and appended a chunk at a time: a
  // byte costs one 4-byte copy, not three appends (binary buffers are most of a syscall storm's
  // text: a read of 64 NULs).
  static constexpr auto kSpellings = [] {
    std::array<std::array<char, 4>, 256> t{};
    for (unsigned c = 0; c < 256; ++c) t[c] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
    return t;
  }();
  constexpr size_t kHexChunkBytes = 64;
  char chunk[4 * kHexChunkBytes];
  out.reserve(out.size() + 4 * bytes.size());
  for (size_t i = 0; i < bytes.size(); i += kHexChunkBytes) {
    const size_t n = std::min(kHexChunkBytes, bytes.size() - i);
    for (size_t k = 0; k < n; ++k) {
      std::memcpy(chunk + 4 * k, kSpellings[static_cast<unsigned char>(bytes[i + k])].data(), 4);
    }
    out.append(chunk, 4 * n);
  }
}

void append_strace_escaped(std::string_view bytes, std::string& out, std::string_view extra_escaped) {
  bool hex = false;
  for (const char ch : bytes) {
    if (forces_hex(static_cast<unsigned char>(ch))) {
      hex = true;
      break;
    }
  }
  if (hex) {
    append_strace_hex(bytes, out);
    return;
  }
  size_t i = 0;
  while (i < bytes.size()) {
    // A run of bytes that need no escape is appended at once (most strings are nothing else).
    size_t j = i;
    while (j < bytes.size() && bytes[j] >= 0x20 && bytes[j] != '"' && bytes[j] != '\\' &&
           !is_one_of(bytes[j], extra_escaped)) {
      ++j;
    }
    out.append(bytes.data() + i, j - i);
    if (j == bytes.size()) return;
    const char ch = bytes[j];
    i = j + 1;
    switch (ch) {
      case '"': out.append("\\\""); continue;
      case '\\': out.append("\\\\"); continue;
      case '\n': out.append("\\n"); continue;
      case '\t': out.append("\\t"); continue;
      case '\r': out.append("\\r"); continue;
      case '\v': out.append("\\v"); continue;
      case '\f': out.append("\\f"); continue;
      default: break;
    }
    // Only a printable character the caller asked to escape is left ('<' '>' in -yy paths):
    // strace writes those in octal even with -x.
    const bool digit_follows = i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '7';
    append_octal_escape(static_cast<unsigned char>(ch), digit_follows, out);
  }
}

}  // namespace capsule::render_detail
