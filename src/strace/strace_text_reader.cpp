#include "strace/strace_text_reader.h"

#include <cstring>

namespace capsule::strace_detail {

namespace {

int hex_digit_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// Decodes the escape sequence after a backslash (the cursor is past the '\'). strace writes
// non-printable bytes as \xNN with -x and as octal otherwise; both forms are accepted.
bool read_escape(Cursor& c, std::string& out) {
  if (c.at_end()) return c.fail("backslash at end of line");
  const char ch = c.text[c.pos++];
  switch (ch) {
    case 'n': out.push_back('\n'); return true;
    case 't': out.push_back('\t'); return true;
    case 'r': out.push_back('\r'); return true;
    case 'v': out.push_back('\v'); return true;
    case 'f': out.push_back('\f'); return true;
    case 'a': out.push_back('\a'); return true;
    case 'b': out.push_back('\b'); return true;
    case 'e': out.push_back('\x1b'); return true;
    case '"': case '\\': case '\'': case '?': out.push_back(ch); return true;
    case 'x': {
      int value = 0;
      int digits = 0;
      while (digits < 2 && hex_digit_value(c.peek()) >= 0 && !c.at_end()) {
        value = value * 16 + hex_digit_value(c.text[c.pos++]);
        ++digits;
      }
      if (digits == 0) return c.fail("\\x without hex digits");
      out.push_back(static_cast<char>(value));
      return true;
    }
    default:
      break;
  }
  if (ch >= '0' && ch <= '7') {
    int value = ch - '0';
    for (int digits = 1; digits < 3 && c.peek() >= '0' && c.peek() <= '7' && !c.at_end(); ++digits)
      value = value * 8 + (c.text[c.pos++] - '0');
    if (value > 0xff) return c.fail("octal escape above \\377");
    out.push_back(static_cast<char>(value));
    return true;
  }
  return c.fail("unknown escape sequence");
}

// Appends text up to (not including) the first byte of `stops` or a backslash, decoding escapes,
// until `terminator` is reached; the cursor ends after the terminator.
bool read_escaped_until(Cursor& c, char terminator, std::string& out, const char* unterminated) {
  const std::string_view text = c.text;
  while (c.pos < text.size()) {
    // Copy the plain run in one append: most bytes of a typical string need no decoding.
    size_t run_end = c.pos;
    while (run_end < text.size() && text[run_end] != terminator && text[run_end] != '\\') ++run_end;
    out.append(text.data() + c.pos, run_end - c.pos);
    c.pos = run_end;
    if (c.pos >= text.size()) break;
    if (text[c.pos] == terminator) {
      ++c.pos;
      return true;
    }
    ++c.pos;  // the backslash
    if (!read_escape(c, out)) return false;
  }
  return c.fail(unterminated);
}

// strace writes an fd whose file is gone as "3</tmp/f>(deleted)" (every memfd is): the mark
// follows the annotation. The event keeps it as /proc shows the link, "/tmp/f (deleted)".
constexpr std::string_view kDeletedMark = "(deleted)";
constexpr std::string_view kDeletedRef = " (deleted)";

// Whether the '>' at `at` closes an fd annotation: it is followed by the end of the line or by
// something that can follow a value (strace escapes '>' in paths, not in socket descriptions),
// after strace's "(deleted)" mark if there is one.
bool ends_annotation(std::string_view text, size_t at) {
  if (text.substr(at + 1).starts_with(kDeletedMark)) at += kDeletedMark.size();
  if (at + 1 >= text.size()) return true;
  const char next = text[at + 1];
  return next == ',' || next == ')' || next == ']' || next == '}' || next == ' ';
}

// The cursor just after an annotation's '>': takes strace's "(deleted)" mark when it is there.
void take_deleted_mark(Cursor& c, std::string* ref) {
  if (!c.text.substr(c.pos).starts_with(kDeletedMark)) return;
  c.pos += kDeletedMark.size();
  if (ref != nullptr) ref->append(kDeletedRef);
}

// Skips a quoted string without decoding it (for Raw text), the cursor on the opening quote.
bool skip_quoted(Cursor& c) {
  const std::string_view text = c.text;
  for (size_t i = c.pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      c.pos = i + 1;
      return true;
    }
  }
  return c.fail("unterminated string");
}

bool skip_annotation(Cursor& c) {
  const std::string_view text = c.text;
  for (size_t i = c.pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '>' && ends_annotation(text, i)) {
      c.pos = i + 1;
      take_deleted_mark(c, nullptr);
      return true;
    }
  }
  return c.fail("unterminated fd annotation");
}

constexpr char closer_for(char opener) {
  return opener == '(' ? ')' : opener == '[' ? ']' : '}';
}

}  // namespace

std::string_view read_identifier(Cursor& c) {
  if (!is_ident_start(c.peek()) || c.at_end()) return {};
  const size_t start = c.pos;
  while (c.pos < c.text.size() && is_ident_char(c.text[c.pos])) ++c.pos;
  return c.text.substr(start, c.pos - start);
}

bool read_quoted(Cursor& c, std::string& out) {
  if (!c.consume('"')) return c.fail("expected a string");
  return read_escaped_until(c, '"', out, "unterminated string");
}

bool read_annotation(Cursor& c, std::string& out) {
  if (!c.consume('<')) return c.fail("expected an fd annotation");
  // A socket annotation contains "->" ("TCP:[1.2.3.4:5->6.7.8.9:10]"); the '>' that ends the
  // annotation is the one followed by what may follow a value.
  const std::string_view text = c.text;
  while (c.pos < text.size()) {
    size_t run_end = c.pos;
    while (run_end < text.size() && text[run_end] != '\\' &&
           !(text[run_end] == '>' && ends_annotation(text, run_end)))
      ++run_end;
    out.append(text.data() + c.pos, run_end - c.pos);
    c.pos = run_end;
    if (c.pos >= text.size()) break;
    if (text[c.pos] == '>') {
      ++c.pos;
      take_deleted_mark(c, &out);
      return true;
    }
    ++c.pos;  // the backslash
    if (!read_escape(c, out)) return false;
  }
  return c.fail("unterminated fd annotation");
}

bool read_number(Cursor& c, Number& out) {
  Cursor probe = c;
  Number n;
  n.negative = probe.consume('-');
  if (!is_digit(probe.peek()) || probe.at_end()) return false;
  if (probe.peek() == '0' && (probe.peek(1) == 'x' || probe.peek(1) == 'X')) {
    probe.pos += 2;
    n.base = NumberBase::Hex;
    int digits = 0;
    for (int v = hex_digit_value(probe.peek()); v >= 0 && !probe.at_end();
         v = hex_digit_value(probe.peek())) {
      if (++digits > 16) return false;
      n.magnitude = n.magnitude * 16 + static_cast<uint64_t>(v);
      ++probe.pos;
    }
    if (digits == 0) return false;
  } else if (probe.peek() == '0' && is_digit(probe.peek(1))) {
    n.base = NumberBase::Octal;
    ++probe.pos;
    while (is_digit(probe.peek()) && !probe.at_end()) {
      const char ch = probe.text[probe.pos];
      if (ch > '7' || n.magnitude > (UINT64_MAX >> 3)) return false;
      n.magnitude = n.magnitude * 8 + static_cast<uint64_t>(ch - '0');
      ++probe.pos;
    }
  } else {
    while (is_digit(probe.peek()) && !probe.at_end()) {
      const auto d = static_cast<uint64_t>(probe.text[probe.pos] - '0');
      if (n.magnitude > (UINT64_MAX - d) / 10) return false;
      n.magnitude = n.magnitude * 10 + d;
      ++probe.pos;
    }
  }
  out = n;
  c.pos = probe.pos;
  return true;
}

bool skip_comment(Cursor& c) {
  Cursor probe = c;
  probe.skip_spaces();
  if (!probe.starts_with("/*")) return false;
  // strace's comments are short ("/* 4 vars */", a date); bounding the search keeps a line full
  // of stray "/*" linear instead of quadratic.
  constexpr size_t kMaxCommentLength = 256;
  const size_t close = probe.text.substr(0, probe.pos + kMaxCommentLength).find("*/", probe.pos + 2);
  if (close == std::string_view::npos) return false;
  c.pos = close + 2;
  c.skip_spaces();
  return true;
}

bool at_call_break(const Cursor& c) {
  return c.starts_with("<unfinished ...>") || c.starts_with("<detached ...>");
}

bool skip_balanced(Cursor& c) {
  // Openers seen but not yet closed. The fixed bound doubles as the nesting limit, so hostile
  // input cannot make this (or the recursive value parser) use unbounded memory or stack.
  constexpr size_t kMaxDepth = 256;
  char open[kMaxDepth];
  size_t depth = 0;
  const std::string_view text = c.text;
  while (c.pos < text.size()) {
    const char ch = text[c.pos];
    if (ch == '"') {
      if (!skip_quoted(c)) return false;
      continue;
    }
    if (ch == '<' && c.starts_with("<<")) {  // a shift ("1<<CAP_CHOWN"), not an annotation
      c.pos += 2;
      continue;
    }
    if (ch == '<' && c.pos > 0 && (is_ident_char(text[c.pos - 1]) || text[c.pos - 1] == ']')) {
      if (!skip_annotation(c)) return false;
      continue;
    }
    if (ch == '(' || ch == '[' || ch == '{') {
      if (depth == kMaxDepth) return c.fail("nesting too deep");
      open[depth++] = ch;
    } else if (ch == ')' || ch == ']' || ch == '}') {
      if (depth == 0) return true;  // the enclosing level's closer
      if (closer_for(open[depth - 1]) != ch) return c.fail("mismatched bracket");
      --depth;
    } else if (depth == 0 && ch == ',') {
      return true;
    } else if (depth == 0 && ch == '<' && at_call_break(c)) {
      return true;
    }
    ++c.pos;
  }
  if (depth != 0) return c.fail("unbalanced brackets");
  return true;
}

bool skip_group(Cursor& c) {
  const char opener = c.peek();
  if (opener != '(' && opener != '[' && opener != '{') return c.fail("expected a bracket");
  ++c.pos;
  while (true) {
    if (!skip_balanced(c)) return false;
    if (c.at_end()) return c.fail("unbalanced brackets");
    const char ch = c.text[c.pos++];
    if (ch == ',' || ch == '<') continue;  // a separator or a "<unfinished" lookalike inside
    if (ch != closer_for(opener)) return c.fail("mismatched bracket");
    return true;
  }
}

}  // namespace capsule::strace_detail
