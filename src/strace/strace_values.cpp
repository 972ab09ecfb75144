#include "strace/strace_values.h"

#include <algorithm>
#include <limits>
#include <string>

#include "decode/symbol_value.h"

namespace capsule::strace_detail {

namespace {

// Matches skip_balanced's bound, so structure and fallback agree on what is too deep.
constexpr int kMaxNesting = 200;

enum class Container : uint8_t { None, Struct, Array };

class ValueReader {
 public:
  ValueReader(Cursor& cursor, std::vector<FdRef>& fd_refs) : c_(cursor), fd_refs_(fd_refs) {}

  // A value, optionally "name=value", up to its delimiter. Shapes the structured reader does not
  // recognise fall back to Raw text so that only truly broken text is an error.
  bool item(Arg& out, int depth, Container in) {
    c_.skip_spaces();
    if (depth > kMaxNesting) return c_.fail("nesting too deep");
    const size_t start = c_.pos;
    const size_t refs_before = fd_refs_.size();
    std::string_view name = item_name();
    if (term(out, depth) && (!in_out_arrow() || updated_value(out, depth)) && at_delimiter(in)) {
      if (!name.empty()) out.name.assign(name.data(), name.size());
      return true;
    }
    // Not a shape we know: keep the whole item verbatim. Undo whatever the attempt produced.
    c_.pos = start;
    c_.error = nullptr;
    fd_refs_.resize(refs_before);
    out = Arg{};
    name = item_name();
    const size_t value_start = c_.pos;
    if (!skip_balanced(c_)) return false;
    size_t value_end = c_.pos;
    while (value_end > value_start && c_.text[value_end - 1] == ' ') --value_end;
    if (value_end == value_start) return c_.fail("empty value");
    out.kind = ArgKind::Raw;
    out.text.assign(c_.text.data() + value_start, value_end - value_start);
    if (!name.empty()) out.name.assign(name.data(), name.size());
    return true;
  }

 private:
  // "name=" (not "==") at the cursor: consumes it and returns the name.
  std::string_view item_name() {
    Cursor probe = c_;
    const std::string_view name = read_identifier(probe);
    if (name.empty() || probe.peek() != '=' || probe.peek(1) == '=') return {};
    c_.pos = probe.pos + 1;
    c_.skip_spaces();
    return name;
  }

  // " => " after a value: strace shows an in/out argument the call changed as "before => after".
  bool in_out_arrow() {
    Cursor probe = c_;
    probe.skip_spaces();
    if (!probe.consume("=>")) return false;
    probe.skip_spaces();
    c_.pos = probe.pos;
    return true;
  }

  // Reads the "after" value and folds it into `before`: the Arg holds the value after the call.
  // For a struct strace prints only the changed fields, which override the ones passed in.
  bool updated_value(Arg& before, int depth) {
    Arg after;
    if (!term(after, depth)) return false;
    if (before.kind != ArgKind::Struct || after.kind != ArgKind::Struct) {
      after.name = std::move(before.name);
      before = std::move(after);
      return true;
    }
    for (Arg& field : after.items) {
      auto same = std::find_if(before.items.begin(), before.items.end(),
                               [&](const Arg& f) { return !f.name.empty() && f.name == field.name; });
      if (same != before.items.end()) {
        *same = std::move(field);
      } else {
        before.items.push_back(std::move(field));
      }
    }
    return true;
  }

  // After a value: spaces and comments, then a delimiter of the enclosing level.
  bool at_delimiter(Container in) {
    const size_t after_value = c_.pos;
    c_.skip_spaces();
    while (skip_comment(c_)) {
    }
    if (c_.at_end()) return true;
    const char ch = c_.peek();
    if (ch == ',' || ch == ')' || ch == ']' || ch == '}') return true;
    if (ch == '<' && at_call_break(c_)) return true;
    if (in == Container::None && c_.starts_with("---")) return true;  // "--- SIGCHLD {…} ---" 
    // Sets are space-separated: signals "[INT QUIT]", CPUs "[0 1]".
    return in == Container::Array && c_.pos > after_value && (is_ident_start(ch) || is_digit(ch));
  }

  bool term(Arg& out, int depth) {
    const char ch = c_.peek();
    if (c_.at_end()) return false;
    if (ch == '"') return string(out, {});
    if (ch == '@' && c_.peek(1) == '"') {  // abstract unix socket: the name's leading NUL
      ++c_.pos;
      return string(out, std::string_view("\0", 1));
    }
    if (ch == '{') return container(out, depth, Container::Struct);
    if (ch == '[') return container(out, depth, Container::Array);
    if (ch == '-' || is_digit(ch)) return number(out);
    if (is_ident_start(ch)) return word(out, depth);
    return false;
  }

  bool string(Arg& out, std::string_view prefix) {
    out.kind = ArgKind::Str;
    out.text.assign(prefix.data(), prefix.size());
    if (!read_quoted(c_, out.text)) return false;
    out.truncated = c_.consume("...");
    return true;
  }

  bool number(Arg& out) {
    const size_t start = c_.pos;
    Number n;
    if (!read_number(c_, n)) return false;
    // A shift, never an fd annotation (whose text starts with '/' or a kind): capability sets
    // are written "1<<CAP_CHOWN|1<<CAP_KILL".
    if (c_.starts_with("<<")) return shift_expression(start, out);
    switch (n.base) {
      case NumberBase::Hex:
        if (n.negative) return false;
        out = Arg::hex(n.magnitude);
        return true;
      case NumberBase::Octal:
        if (n.negative) return false;
        out = Arg::octal(n.magnitude);
        return true;
      case NumberBase::Decimal:
        break;
    }
    constexpr auto kMaxInt = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (n.negative) {
      if (n.magnitude > kMaxInt + 1) return false;
      out = Arg::integer(static_cast<int64_t>(0 - n.magnitude));
      return true;
    }
    if (c_.peek() == '<' && !at_call_break(c_)) {  // -y: "3</etc/passwd>"
      if (n.magnitude > kMaxInt) return false;
      const auto fd = static_cast<int64_t>(n.magnitude);
      FdRef ref{fd, {}};
      if (!read_annotation(c_, ref.ref)) return false;
      fd_refs_.push_back(std::move(ref));
      out = Arg::fd(fd);
      return true;
    }
    out = n.magnitude > kMaxInt ? Arg::uinteger(n.magnitude)
                                : Arg::integer(static_cast<int64_t>(n.magnitude));
    return true;
  }

  // The rest of a flag set made of shifts ("1<<CAP_CHOWN|1<<CAP_KILL"), the cursor after its first
  // number: kept as one Symbol, as word() keeps "O_RDONLY|O_CLOEXEC".
  bool shift_expression(size_t start, Arg& out) {
    while (!c_.at_end()) {
      if (c_.starts_with("<<")) {
        c_.pos += 2;
      } else if (c_.peek() == '|' || is_ident_char(c_.peek())) {
        ++c_.pos;
      } else {
        break;
      }
    }
    out.kind = ArgKind::Symbol;
    out.text.assign(c_.text.data() + start, c_.pos - start);
    out.num = static_cast<int64_t>(symbol_value(out.text));
    return true;
  }

  bool word(Arg& out, int depth) {
    const size_t start = c_.pos;
    const std::string_view ident = read_identifier(c_);
    if (c_.peek() == '(') return call(ident, out, depth);
    if (ident == "NULL" && c_.peek() != '|') {
      out = Arg::null();
      return true;
    }
    // A flag set continues through '|': "O_RDONLY|O_CLOEXEC", "S_IFREG|0644", and through the
    // shifts of fields put in place, "FUTEX_OP_SET<<28|0<<12", "2<<MAP_HUGE_SHIFT" (never an fd
    // annotation: a '<' in a path is escaped).
    while (c_.peek() == '|' || is_ident_char(c_.peek()) || c_.starts_with("<<")) {
      if (c_.at_end()) break;
      c_.pos += c_.starts_with("<<") ? 2 : 1;
    }
    out.kind = ArgKind::Symbol;
    out.text.assign(c_.text.data() + start, c_.pos - start);
    out.num = static_cast<int64_t>(symbol_value(out.text));
    if (c_.peek() == '<' && !at_call_break(c_)) {  // "AT_FDCWD</tmp>"
      FdRef ref{out.text == "AT_FDCWD" ? kAtFdcwdRef : -1, {}};
      if (!read_annotation(c_, ref.ref)) return false;
      if (ref.fd == kAtFdcwdRef) fd_refs_.push_back(std::move(ref));
    }
    return true;
  }

  // The cursor is on the "(" after `fn`. strace writes a few values as the C expression that
  // would produce them; those are unwrapped, any other call is kept verbatim (Raw) by the caller.
  bool call(std::string_view fn, Arg& out, int depth) {
    ++c_.pos;
    if (fn == "htons" || fn == "htonl" || fn == "ntohs" || fn == "ntohl") {
      if (!item(out, depth + 1, Container::None) || out.kind != ArgKind::Int || out.num < 0)
        return false;
      if (fn.ends_with('l')) out.kind = ArgKind::UInt;  // a uint32_t (sin6_flowinfo)
      return close_call();
    }
    if (fn == "inet_addr") {
      c_.skip_spaces();
      if (c_.peek() != '"' || !string(out, {})) return false;
      return close_call();
    }
    if (fn == "inet_pton") {  // inet_pton(AF_INET6, "::1", &sin6_addr)
      c_.skip_spaces();
      if (read_identifier(c_).empty() || !c_.consume(',')) return false;
      c_.skip_spaces();
      if (c_.peek() != '"' || !string(out, {}) || !c_.consume(',')) return false;
      c_.skip_spaces();
      if (!c_.consume('&')) return false;
      const std::string_view field = read_identifier(c_);
      if (field.empty()) return false;
      out.name.assign(field.data(), field.size());
      return close_call();
    }
    return false;
  }

  bool close_call() {
    c_.skip_spaces();
    return c_.consume(')');
  }

  bool container(Arg& out, int depth, Container kind) {
    const char closer = kind == Container::Struct ? '}' : ']';
    out.kind = kind == Container::Struct ? ArgKind::Struct : ArgKind::Array;
    ++c_.pos;
    while (true) {
      c_.skip_spaces();
      if (skip_comment(c_)) {
        // "[/* 4 vars */]": strace counted the elements instead of printing them.
        if (kind == Container::Array) out.truncated = true;
        continue;
      }
      if (c_.consume(closer)) return true;
      if (c_.starts_with("...")) {
        Cursor probe = c_;
        probe.pos += 3;
        probe.skip_spaces();
        if (probe.peek() == closer || probe.peek() == ',') {
          c_.pos = probe.pos;
          out.truncated = true;
          c_.consume(',');
          continue;
        }
      }
      Arg element;
      if (!item(element, depth + 1, kind)) return false;
      out.items.push_back(std::move(element));
      c_.skip_spaces();
      if (c_.consume(',')) continue;
      if (c_.peek() == closer && !c_.at_end()) continue;
      if (kind == Container::Array && (is_ident_start(c_.peek()) || is_digit(c_.peek())) && !c_.at_end()) {
        out.space_separated = true;  // a set: "[CHLD TERM]", "[0 1]"
        continue;
      }
      return c_.fail(kind == Container::Struct ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }

  Cursor& c_;
  std::vector<FdRef>& fd_refs_;
};

}  // namespace

bool parse_value(Cursor& c, Arg& out, std::vector<FdRef>& fd_refs) {
  return ValueReader(c, fd_refs).item(out, 0, Container::None);
}

bool parse_arg_list(Cursor& c, bool continuation, std::vector<Arg>& args,
                    std::vector<FdRef>& fd_refs, ArgListEnd& end) {
  ValueReader reader(c, fd_refs);
  bool expect_value = false;  // after a ',' a value must follow (a resumed line may start with one)
  c.skip_spaces();
  if (continuation && c.consume(',')) expect_value = true;
  while (true) {
    c.skip_spaces();
    if (c.consume("<unfinished ...>")) {
      end = ArgListEnd::Unfinished;
      return true;
    }
    if (c.consume("<detached ...>")) {
      end = ArgListEnd::Detached;
      return true;
    }
    if (!expect_value && c.consume(')')) {
      end = ArgListEnd::Closed;
      return true;
    }
    if (c.at_end()) return c.fail("argument list not closed");
    if (!args.empty() && !expect_value && !continuation) return c.fail("expected ',' or ')'");
    Arg arg;
    if (!reader.item(arg, 0, Container::None)) return false;
    args.push_back(std::move(arg));
    c.skip_spaces();
    expect_value = c.consume(',');
    if (!expect_value && !c.at_end() && c.peek() != ')' && !at_call_break(c))
      return c.fail("expected ',' or ')'");
    continuation = false;
  }
}

}  // namespace capsule::strace_detail
