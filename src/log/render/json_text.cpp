#include "log/render/json_text.h"

#include <array>
#include <charconv>
#include <cstring>

namespace capsule::json {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  uint32_t cp;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF: they are not valid UTF-8.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp > 0x10FFFF) return 0;
  return len;
}

constexpr char kHex[] = "0123456789abcdef";

// What append_string writes for each ASCII byte that is not plain: the short escapes JSON has
// (\" \\ \n \t \r), \u00XX for the other control characters. Built once and padded to eight
// bytes, so that a run of such bytes (binary data: a read of /dev/zero is 64 NULs) costs one
// 8-byte copy per byte, not a few appends.
struct JsonEscapes {
  std::array<std::array<char, 8>, 0x80> text{};
  std::array<uint8_t, 0x80> size{};
};

constexpr JsonEscapes make_json_escapes() {
  JsonEscapes t;
  for (unsigned c = 0; c < 0x20; ++c) {
    t.text[c] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
    t.size[c] = 6;
  }
  const auto short_escape = [&](unsigned char c, char letter) {
    t.text[c] = {'\\', letter};
    t.size[c] = 2;
  };
  short_escape('"', '"');
  short_escape('\\', '\\');
  short_escape('\n', 'n');
  short_escape('\t', 't');
  short_escape('\r', 'r');
  return t;
}

constexpr JsonEscapes kJsonEscapes = make_json_escapes();

// Bytes of escaped text gathered on the stack before one append. Each step writes at most eight
// (a table entry; a UTF-8 sequence is at most four bytes, an invalid byte's \\xNN five).
constexpr size_t kJsonEscapeChunk = 256;
constexpr size_t kJsonEscapeStep = 8;

}  // namespace

void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t i = 0;
  char chunk[kJsonEscapeChunk];
  while (i < s.size()) {
    // A run of plain printable ASCII needs no escaping: appended as it is.
    const size_t j = plain_run_end(s, i);
    out.append(s.data() + i, j - i);
    i = j;
    // Then a run of bytes that do, written through the chunk.
    size_t n = 0;
    while (i < s.size() && !is_plain_byte(static_cast<unsigned char>(s[i]))) {
      if (n > kJsonEscapeChunk - kJsonEscapeStep) {
        out.append(chunk, n);
        n = 0;
      }
      const auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        std::memcpy(chunk + n, kJsonEscapes.text[c].data(), kJsonEscapeStep);
        n += kJsonEscapes.size[c];
        ++i;
        continue;
      }
      const size_t len = utf8_sequence_length(s, i);
      if (len > 0) {
        std::memcpy(chunk + n, s.data() + i, len);
        n += len;
        i += len;
      } else {
        // The text \xNN, its backslash escaped: five characters.
        chunk[n] = '\\';
        chunk[n + 1] = '\\';
        chunk[n + 2] = 'x';
        chunk[n + 3] = kHex[c >> 4];
        chunk[n + 4] = kHex[c & 0xF];
        n += 5;
        ++i;
      }
    }
    if (n > 0) out.append(chunk, n);
  }
  out.push_back('"');
}

std::string visible_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = utf8_sequence_length(s, i);
    if (n > 0) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      const auto c = static_cast<unsigned char>(s[i]);
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
      ++i;
    }
  }
  return out;
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace capsule::json
