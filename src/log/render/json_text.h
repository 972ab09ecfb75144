// Minimal JSON text emission for the hot path: records are written by appending to a std::string,
// which measured several times faster than building a DOM (nlohmann) per record. Readers (verify,
// tail, profile) parse with a real JSON library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace capsule::json {

// Appends bytes as a quoted JSON string. Valid UTF-8 passes through; control characters use the
// JSON escapes; a byte that is not part of valid UTF-8 becomes the text \xNN (backslash, x, two
// hex digits: strace -x's spelling), so binary data stays visible and the output is always valid
// UTF-8 JSON. A decoded value is therefore ambiguous only for data that itself contains "\x".
void append_string(std::string& out, std::string_view bytes);

// A byte append_string copies as it is: ASCII from the space up, except '"' and '\\' (DEL is
// plain: JSON allows it raw). Inline: every string of every record is scanned with it.
constexpr bool is_plain_byte(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// Where the run of plain bytes that starts at s[from] ends.
inline size_t plain_run_end(std::string_view s, size_t from) {
  while (from < s.size() && is_plain_byte(static_cast<unsigned char>(s[from]))) ++from;
  return from;
}

// Whether append_string writes s unchanged between its quotes.
inline bool is_plain(std::string_view s) { return plain_run_end(s, 0) == s.size(); }

// The decoded value append_string's output stands for: valid UTF-8 kept, every other byte turned
// into the four characters \xNN. For text handed to a JSON library (nlohmann rejects invalid
// UTF-8), so that its output spells bytes the same way as append_string.
std::string visible_utf8(std::string_view bytes);

void append_int(std::string& out, int64_t v);
void append_uint(std::string& out, uint64_t v);

// Appends "key": (with the comma before it unless first) — key must not need escaping.
inline void append_key(std::string& out, std::string_view key, bool first = false) {
  out.append(first ? std::string_view("\"") : std::string_view(",\""));
  out.append(key);
  out.append("\":");
}

}  // namespace capsule::json
