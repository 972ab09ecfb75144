// Low-level reading of strace's text: a cursor over one line, C-quoted strings, fd annotations,
// numbers, and skipping a balanced chunk of text that is not understood structurally.
//
// Nothing here allocates per character and nothing throws: a malformed line is data, not a bug, so
// failures are reported through Cursor::error and the caller decides what to do with the line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace capsule::strace_detail {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

// A read position in one line. Parsing functions advance `pos` on success; on failure they set
// `error` (the first reason wins, so the report names the root cause rather than a consequence).
struct Cursor {
  std::string_view text;
  size_t pos = 0;
  const char* error = nullptr;

  bool at_end() const { return pos >= text.size(); }
  char peek(size_t ahead = 0) const {
    return pos + ahead < text.size() ? text[pos + ahead] : '\0';
  }
  std::string_view rest() const { return pos < text.size() ? text.substr(pos) : std::string_view{}; }
  bool starts_with(std::string_view s) const { return rest().starts_with(s); }
  bool consume(std::string_view s) {
    if (!starts_with(s)) return false;
    pos += s.size();
    return true;
  }
  bool consume(char ch) {
    if (peek() != ch || at_end()) return false;
    ++pos;
    return true;
  }
  void skip_spaces() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  }
  bool fail(const char* why) {
    if (error == nullptr) error = why;
    return false;
  }
  bool ok() const { return error == nullptr; }
};

// Reads an identifier ([A-Za-z_][A-Za-z0-9_]*) at the cursor; empty when there is none.
std::string_view read_identifier(Cursor& c);

// Reads a C-quoted string; the cursor is on the opening '"' and ends after the closing one. The
// decoded bytes are appended to `out`: \xNN, octal \NNN and the C escapes \n \t \r \v \f \a \b
// \e \" \\ \'.
bool read_quoted(Cursor& c, std::string& out);

// Reads strace's -y/-yy annotation "<...>" (the cursor is on '<') and appends its text to `out`
// with strace's escaping undone: strace escapes '>' (as \76), '"' and '\' inside it, so the
// first unescaped '>' ends it even when a path contains brackets.
bool read_annotation(Cursor& c, std::string& out);

// Number forms strace prints. Decimal "-1"/"42", hex "0x7f…", octal "0644" (a leading 0 followed
// by more digits). Returns false (cursor unchanged) when the text at the cursor is not a number
// that fits in 64 bits.
enum class NumberBase : uint8_t { Decimal, Hex, Octal };
struct Number {
  NumberBase base = NumberBase::Decimal;
  bool negative = false;
  uint64_t magnitude = 0;
};
bool read_number(Cursor& c, Number& out);

// Skips a comment "/* ... */" at the cursor (and spaces around it); true when one was skipped.
bool skip_comment(Cursor& c);

// Advances over text that is balanced with respect to quotes, (), [], {} and fd annotations,
// stopping before a ',' or a closer that belongs to the enclosing level, before " <unfinished"
// / " <detached", or at the end of the line. Used to keep an unknown shape verbatim (Raw).
// Fails on an unterminated quote or a closer that does not match its opener.
bool skip_balanced(Cursor& c);

// Skips a bracketed group "(...)" / "[...]" / "{...}" with the cursor on its opener, ending after
// the matching closer (commas inside are part of it).
bool skip_group(Cursor& c);

// True when the cursor is on strace's "<unfinished ...>" or "<detached ...>" marker.
bool at_call_break(const Cursor& c);

}  // namespace capsule::strace_detail
