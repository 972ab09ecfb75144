// syscalls.log: strace's own text, as `strace -f -tt -yy -x -v -s 1000` writes it, so that any
// strace reader (and `capsule import`) reads it back. Spellings follow strace 6.x.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "decode/arg_layout.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/names.h"
#include "decode/signatures.h"
#include "log/render/event_render.h"
#include "log/render/json_text.h"
#include "log/render/record_writer.h"
#include "log/render/render_detail.h"

namespace capsule {
namespace {

using render_detail::append_hex_byte;
using render_detail::append_hex_digits;
using render_detail::append_strace_escaped;
using render_detail::find_fd_ref;

// Symbol and Raw text is shown verbatim, except that a control character would break the
// one-record-per-line framing the hash chain relies on; those few bytes become \xNN.
void append_verbatim(std::string_view text, std::string& out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x20) ++j;
    out.append(text.data() + i, j - i);
    if (j == text.size()) return;
    append_hex_byte(static_cast<unsigned char>(text[j]), out);
    i = j + 1;
  }
}

void append_fd_annotation(const SyscallEvent& ev, int64_t fd, std::string& out, bool result = false) {
  if (const FdRef* ref = result ? render_detail::find_result_fd_ref(ev, fd) : find_fd_ref(ev, fd)) {
    out.push_back('<');
    // Like strace: a path is quoted with '<' and '>' escaped too (in octal), so that a file named "a>b"
    // cannot end the annotation early; the descriptions strace builds itself for sockets
    // ("TCP:[1.2.3.4:5->6.7.8.9:80]") are shown as they are.
    const bool is_path = !ref->ref.empty() && ref->ref.front() == '/';
    // A file that is gone (every memfd) is "/tmp/f (deleted)" in /proc; strace writes the mark
    // after the annotation: 3</tmp/f>(deleted).
    constexpr std::string_view kDeleted = " (deleted)";
    const bool deleted = is_path && std::string_view(ref->ref).ends_with(kDeleted);
    const std::string_view shown = deleted ? std::string_view(ref->ref).substr(0, ref->ref.size() - kDeleted.size())
                                           : std::string_view(ref->ref);
    // A device's suffix, "/dev/null<char 1:3>", is strace's own text, not part of the path.
    const size_t device = shown.starts_with("/dev/") && shown.ends_with('>') ? shown.rfind('<') : std::string_view::npos;
    const bool has_device = device != std::string_view::npos &&
                            (shown.substr(device).starts_with("<char ") || shown.substr(device).starts_with("<block "));
    if (!is_path && shown.find(":[") != std::string_view::npos) {
      out.append(shown);  // sock_diag's "UNIX:[1->2,\"/run/x\"]": its path is quoted already
    } else {
      append_strace_escaped(shown.substr(0, has_device ? device : shown.size()), out, is_path ? "<>" : "");
    }
    if (has_device) out.append(shown.substr(device));
    out.push_back('>');
    if (deleted) out.append("(deleted)");
  }
}

bool is_text_kind(ArgKind k) {
  return k == ArgKind::Str || k == ArgKind::Symbol || k == ArgKind::Raw;
}

// strace shows socket address members as the expressions that would rebuild them.
bool append_socket_field(const Arg& field, const SyscallEvent& ev, std::string& out) {
  const std::string_view name = field.name;
  if ((name == "sin_port" || name == "sin6_port") &&
      (field.kind == ArgKind::Int || field.kind == ArgKind::UInt)) {
    out.append("htons(");
    append_strace_arg(field, ev, out);
    out.push_back(')');
    return true;
  }
  // An abstract unix socket's name: its leading NUL written as '@' before the string.
  if (name == "sun_path" && field.kind == ArgKind::Str && field.text.starts_with('\0')) {
    Arg rest = field;
    rest.text.erase(0, 1);
    out.push_back('@');
    append_strace_arg(rest, ev, out);
    return true;
  }
  if (name == "sin6_flowinfo" && (field.kind == ArgKind::Int || field.kind == ArgKind::UInt)) {
    out.append("htonl(");
    append_strace_arg(field, ev, out);
    out.push_back(')');
    return true;
  }
  if (name == "sin_addr" && is_text_kind(field.kind)) {
    out.append("inet_addr(\"");
    append_strace_escaped(field.text, out);
    out.append("\")");
    return true;
  }
  if (name == "sin6_addr" && is_text_kind(field.kind)) {
    out.append("inet_pton(AF_INET6, \"");
    append_strace_escaped(field.text, out);
    out.append("\", &sin6_addr)");
    return true;
  }
  return false;
}

// strace's descriptions of the kernel-internal restart codes, which glibc does not describe.
const char* restart_description(int err) {
  switch (err) {
    case 512: return "To be restarted if SA_RESTART is set";
    case 513: return "To be restarted";
    case 514: return "To be restarted if no handler";
    case 516: return "Interrupted by signal";
    default: return nullptr;
  }
}

void append_error_return(int err, std::string& out) {
  // A restart code never reaches user space, so strace shows the value as "?".
  const char* restart = restart_description(err);
  out.append(restart != nullptr ? "? " : "-1 ");
  out.append(errno_name(err));
  const char* desc = restart != nullptr ? restart : strerrordesc_np(err);
  if (desc != nullptr) {
    out.append(" (");
    out.append(desc);
    out.push_back(')');
  }
}

// poll's result: " (Timeout)", or the fds whose revents the kernel set, fd without its -yy note:
// " ([{fd=3, revents=POLLIN}])", and ppoll's time left, " ([…], left {tv_sec=0, tv_nsec=0})". The
// revents fields are left out where the arguments are written.
void append_polled(const SyscallEvent& ev, std::string& out) {
  if (ev.ret == 0) {
    out.append(" (Timeout)");
    return;
  }
  if (ev.args.empty() || ev.args[0].kind != ArgKind::Array) return;
  bool first = true;
  for (const Arg& p : ev.args[0].items) {
    const auto revents = std::find_if(p.items.begin(), p.items.end(), [](const Arg& f) { return f.name == "revents"; });
    if (p.items.empty() || revents == p.items.end()) continue;
    out.append(first ? " ([{fd=" : ", {fd=");
    first = false;
    json::append_int(out, p.items[0].num);
    out.append(", revents=");
    append_verbatim(revents->text, out);
    out.push_back('}');
  }
  if (first) return;
  out.push_back(']');
  if (ev.args.back().name == kPolledLeftArg) {
    out.append(", left ");
    append_strace_arg(ev.args.back(), ev, out);
  }
  out.push_back(')');
}

// select's result: " (Timeout)", or the kSelectResultArg the decoder read at the exit, each part
// as "name value": " (in [3], out [4], left {tv_sec=0, tv_nsec=999000})".
void append_selected(const SyscallEvent& ev, std::string& out) {
  if (ev.ret == 0) {
    out.append(" (Timeout)");
    return;
  }
  if (ev.args.empty() || ev.args.back().name != kSelectResultArg || ev.args.back().items.empty()) return;
  bool first = true;
  for (const Arg& part : ev.args.back().items) {
    out.append(first ? " (" : ", ");
    first = false;
    append_verbatim(part.name, out);
    out.push_back(' ');
    append_strace_arg(part, ev, out);
  }
  out.push_back(')');
}

// strace starts the return value at column 40 of the line (its -a default): a shorter call is
// padded with spaces, a longer one gets a single space.
constexpr size_t kReturnColumn = 40;

// A successful Int return as strace spells it: decimal, or as the syscall table says (umask's
// "022", fcntl's "0x8002 (flags O_RDWR|O_LARGEFILE)", "0x1 (flags FD_CLOEXEC)", F_GETFD's 0 bare,
// "0 (SCHED_OTHER)", "12 (SIGUSR2)"). A value no table names is written bare, as strace does.
void append_int_return(const SyscallEvent& ev, RecordWriter& w) {
  using F = RetSpelling::Form;
  const SyscallSignature* sig = ev.nr >= 0 ? find_signature(ev.arch, ev.nr) : find_signature(ev.name);
  const int selector = sig != nullptr ? ret_selector(sig->ret) : -1;
  const uint64_t selected = selector >= 0 && ev.args.size() > static_cast<size_t>(selector)
                                ? static_cast<uint64_t>(ev.args[static_cast<size_t>(selector)].num)
                                : ~uint64_t{0};
  const RetSpelling spelling = sig != nullptr ? ret_spelling(sig->ret, selected) : RetSpelling{};
  if (spelling.form == F::Decimal) {  // most calls
    w.num(ev.ret);
    return;
  }
  std::string& out = w.flushed();
  const auto v = static_cast<uint64_t>(ev.ret);
  std::string name;  // what strace writes in parentheses after the number
  bool hex = false;
  switch (spelling.form) {
    case F::Decimal: break;
    case F::Polled:
      json::append_int(out, ev.ret);
      append_polled(ev, out);
      return;
    case F::Selected:
      json::append_int(out, ev.ret);
      append_selected(ev, out);
      return;
    case F::Octal: {
      char buf[24];  // "%#lo": 022, and 0 as a bare 0
      const int n = std::snprintf(buf, sizeof buf, "%#llo", static_cast<unsigned long long>(v));
      out.append(buf, static_cast<size_t>(n));
      return;
    }
    case F::OpenFlags:
      hex = true;
      name = "flags " + open_flags_arg(v).text;
      break;
    case F::HexFlags:
      hex = true;
      if (v != 0 || !spelling.zero.empty()) {
        name.assign(spelling.prefix);
        append_flags(name, spelling.names, v, spelling.zero);
      }
      break;
    case F::Named:
    case F::HexNamed:
      hex = spelling.form == F::HexNamed;
      if (const FlagName* f = find_constant(spelling.names, v)) name.assign(f->name);
      break;
    case F::Signal:
      if (ev.ret > 0 && ev.ret < 1024) name.assign(signal_name(static_cast<int>(ev.ret)));
      if (name == "SIG?") name.clear();
      break;
    case F::Ioprio:
      name = ioprio_value_text(static_cast<uint32_t>(v));
      break;
    case F::Persona:
      hex = true;
      name = persona_text(static_cast<uint32_t>(v));
      break;
  }
  if (ev.ret < 0 || name.empty()) {
    json::append_int(out, ev.ret);
    return;
  }
  if (hex && v != 0) out.append("0x");
  if (hex) {
    append_hex_digits(v, out);
  } else {
    json::append_int(out, ev.ret);
  }
  out.append(" (").append(name).push_back(')');
}

void append_return(const SyscallEvent& ev, size_t line_start, RecordWriter& w) {
  w.ch(' ');
  const size_t column = w.size() - line_start;
  constexpr std::string_view kPadding = "                                        ";
  static_assert(kPadding.size() == kReturnColumn);
  if (column < kReturnColumn) w.text(kPadding.substr(0, kReturnColumn - column));
  w.text("= ");
  const int err = render_detail::effective_errno(ev);
  if (err != 0 && (ev.has_ret || ev.denied)) {
    append_error_return(err, w.flushed());
    return;
  }
  if (!ev.has_ret) {
    w.ch('?');
    return;
  }
  switch (ev.ret_kind) {
    case RetKind::Hex:
      w.text("0x");
      w.hex(static_cast<uint64_t>(ev.ret));
      return;
    case RetKind::Fd:
      w.num(ev.ret);
      append_fd_annotation(ev, ev.ret, w.flushed(), /*result=*/true);
      return;
    case RetKind::Int:
      append_int_return(ev, w);
      return;
  }
}

void append_signal_body(const SyscallEvent& ev, std::string& out) {
  const std::string_view sig = signal_name(ev.signo);
  out.append("--- ");
  if (ev.stopped) {  // a group-stop, not a delivery: no siginfo
    out.append("stopped by ");
    out.append(sig);
    out.append(" ---");
    return;
  }
  out.append(sig);
  out.push_back(' ');
  if (!ev.args.empty() && ev.args[0].kind == ArgKind::Struct) {
    append_strace_arg(ev.args[0], ev, out);
  } else {
    // strace always shows the siginfo; without one captured, show the part that is certain.
    out.append("{si_signo=");
    out.append(sig);
    out.push_back('}');
  }
  out.append(" ---");
}

// A call strace writes with its own names and order ("clone(child_stack=NULL, flags=…)"); false
// for the others, written positionally.
void put_strace_arg(const Arg& arg, const SyscallEvent& ev, RecordWriter& w);

bool append_named_args(const SyscallEvent& ev, RecordWriter& w) {
  const auto named = strace_named_params(ev.name);
  if (named.empty()) return false;
  bool first = true;
  for (const StraceNamedParam& p : named) {
    const auto arg = std::find_if(ev.args.begin(), ev.args.end(), [&](const Arg& a) { return a.name == p.param; });
    if (arg == ev.args.end()) continue;
    if (!first) w.text(", ");
    first = false;
    w.text(p.strace_name);
    w.ch('=');
    put_strace_arg(*arg, ev, w);
  }
  return true;
}

void append_exit_body(const SyscallEvent& ev, std::string& out) {
  if (ev.killed) {
    out.append("+++ killed by ");
    out.append(signal_name(ev.signo));
    if (ev.core_dumped) out.append(" (core dumped)");
    out.append(" +++");
  } else {
    out.append("+++ exited with ");
    json::append_int(out, ev.exit_code);
    out.append(" +++");
  }
}

// Whether one of the event's own string arguments is data that strace always shows in hex
// (ArgType::RandomOut in the syscall table), whatever its bytes.
bool shown_in_hex(const Arg& arg, const SyscallEvent& ev) {
  if (ev.args.empty() || &arg < ev.args.data() || &arg >= ev.args.data() + ev.args.size()) return false;
  const SyscallSignature* sig = ev.nr >= 0 ? find_signature(ev.arch, ev.nr) : find_signature(ev.name);
  const auto i = static_cast<size_t>(&arg - ev.args.data());
  return sig != nullptr && i < sig->nargs && sig->params[i].type == ArgType::RandomOut;
}

// Symbol and Raw text, and names: written as they are unless a control character needs append_verbatim.
void put_verbatim(std::string_view text, RecordWriter& w) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20; })) {
    w.text(text);
  } else {
    append_verbatim(text, w.flushed());
  }
}

// Every piece goes through a RecordWriter (a stack buffer appended to the line a few hundred bytes
// at a time): one std::string append per number, comma and name cost more than their bytes. The
// rarer spellings (annotations, socket fields, date comments) append to the flushed line.
void put_strace_arg(const Arg& arg, const SyscallEvent& ev, RecordWriter& w) {
  switch (arg.kind) {
    case ArgKind::Int:
      w.num(arg.num);
      return;
    case ArgKind::UInt:
      w.unum(static_cast<uint64_t>(arg.num));
      return;
    case ArgKind::Hex: {
      // strace prints words with "%#lx", which spells zero as a bare 0.
      const auto v = static_cast<uint64_t>(arg.num);
      if (v != 0) w.text("0x");
      w.hex(v);
      return;
    }
    case ArgKind::Octal:
      render_detail::append_octal_digits(static_cast<uint64_t>(arg.num), w.flushed());
      return;
    case ArgKind::Fd:
      w.num(arg.num);
      append_fd_annotation(ev, arg.num, w.flushed());
      return;
    case ArgKind::Str: {
      w.ch('"');
      std::string& out = w.flushed();
      if (shown_in_hex(arg, ev)) render_detail::append_strace_hex(arg.text, out);
      else append_strace_escaped(arg.text, out);
      w.ch('"');
      if (arg.truncated) w.text("...");
      return;
    }
    case ArgKind::Symbol:
      put_verbatim(arg.text, w);
      if (arg.num == kAtFdcwdRef && arg.text == "AT_FDCWD") append_fd_annotation(ev, kAtFdcwdRef, w.flushed());
      return;
    case ArgKind::Raw:
      put_verbatim(arg.text, w);
      return;
    case ArgKind::Null:
      w.text("NULL");
      return;
    case ArgKind::Struct: {
      w.ch('{');
      bool first = true;
      for (const Arg& field : arg.items) {
        if (field.name == "revents") continue;  // after the return value (append_polled)
        if (!first) w.text(", ");
        first = false;
        // strace writes an IPv6 address as the bare call that fills the field (its last argument
        // names it): inet_pton(AF_INET6, "::1", &sin6_addr).
        if (field.name != "sin6_addr" || !is_text_kind(field.kind)) {
          put_verbatim(field.name, w);
          w.ch('=');
        }
        if (!append_socket_field(field, ev, w.flushed())) put_strace_arg(field, ev, w);
        render_detail::append_time_comment(arg, field, w.flushed());
      }
      if (arg.truncated) w.text(first ? "..." : ", ...");
      w.ch('}');
      return;
    }
    case ArgKind::Array: {
      w.ch('[');
      bool first = true;
      for (const Arg& item : arg.items) {
        if (!first) w.text(arg.space_separated ? " " : ", ");
        first = false;
        put_strace_arg(item, ev, w);
        render_detail::append_times_element_comment(arg, item, w.flushed());
      }
      if (arg.truncated) w.text(first ? "..." : ", ...");
      w.ch(']');
      return;
    }
  }
}

}  // namespace

void render_detail::append_octal_digits(uint64_t v, std::string& out) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + (v & 7));
    v >>= 3;
  } while (v != 0);
  if (buf[n - 1] != '0') buf[n++] = '0';  // the "#" flag: a leading 0 unless already there
  while (n < 3) buf[n++] = '0';
  while (n > 0) out.push_back(buf[--n]);
}

void append_strace_arg(const Arg& arg, const SyscallEvent& ev, std::string& out) {
  RecordWriter w(out);
  put_strace_arg(arg, ev, w);
}

void append_strace_line(const SyscallEvent& ev, std::string& out) {
  if (ev.type == EventType::Unparsed) {
    // strace's own line, prefix and all, as it came: nothing of it is lost or reinterpreted.
    if (!ev.args.empty()) append_verbatim(ev.args[0].text, out);
    return;
  }
  const size_t line_start = out.size();
  RecordWriter w(out);
  // strace -f labels each line with the thread that made the call.
  w.num(ev.tid != 0 ? ev.tid : ev.pid);
  w.ch(' ');
  render_detail::append_clock_time(ev.ts_us, w.flushed());
  w.ch(' ');
  switch (ev.type) {
    case EventType::Signal:
      append_signal_body(ev, w.flushed());
      return;
    case EventType::Exit:
      append_exit_body(ev, w.flushed());
      return;
    case EventType::Syscall:
    case EventType::Unparsed:
      break;
  }
  put_verbatim(ev.name, w);
  w.ch('(');
  if (!append_named_args(ev, w)) {
    bool first = true;
    for (const Arg& arg : ev.args) {
      // after the return value
      if (&arg == &ev.args.back() && (arg.name == kSelectResultArg || arg.name == kPolledLeftArg)) break;
      if (!first) w.text(", ");
      first = false;
      put_strace_arg(arg, ev, w);
    }
  }
  w.ch(')');
  append_return(ev, line_start, w);
}

}  // namespace capsule
