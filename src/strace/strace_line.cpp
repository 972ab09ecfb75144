#include "strace/strace_line.h"

#include <limits>

#include "decode/names.h"
#include "decode/signatures.h"
#include "strace/strace_values.h"

namespace capsule::strace_detail {

namespace {

bool read_pid(Cursor& c, int32_t& pid) {
  Number n;
  if (!read_number(c, n) || n.negative || n.base == NumberBase::Hex ||
      n.magnitude > static_cast<uint64_t>(std::numeric_limits<int32_t>::max()))
    return false;
  pid = static_cast<int32_t>(n.magnitude);
  return true;
}

// Decimal digits only (a pid column, an exit status): read_number would take "0644" as octal.
bool read_decimal_int(Cursor& c, int64_t& value) {
  const bool negative = c.consume('-');
  if (!is_digit(c.peek()) || c.at_end()) return false;
  int64_t v = 0;
  while (is_digit(c.peek()) && !c.at_end()) {
    if (v > (std::numeric_limits<int64_t>::max() - 9) / 10) return false;
    v = v * 10 + (c.text[c.pos++] - '0');
  }
  value = negative ? -v : v;
  return true;
}

// "-T": " <0.000123>" after the return value.
bool read_duration(Cursor& c, int64_t& duration_us) {
  Cursor probe = c;
  if (!probe.consume('<')) return false;
  int64_t seconds = 0;
  if (!read_decimal_int(probe, seconds) || seconds < 0) return false;
  int64_t fraction = 0;
  int digits = 0;
  if (probe.consume('.')) fraction = read_fraction_digits_us(probe, digits);  // "<1.>": none, 0 µs
  if (!probe.consume('>') || seconds > std::numeric_limits<int64_t>::max() / 2'000'000) return false;
  duration_us = seconds * 1'000'000 + fraction;
  c.pos = probe.pos;
  return true;
}

bool is_line_end(Cursor& c) {
  c.skip_spaces();
  return c.at_end();
}

}  // namespace

bool read_line_head(Cursor& c, LineHead& out) {
  c.skip_spaces();
  if (c.consume("[pid")) {
    c.skip_spaces();
    if (!read_pid(c, out.pid) || !c.consume(']')) return c.fail("malformed [pid N] prefix");
    out.has_pid = true;
    c.skip_spaces();
  } else {
    // "5886  17:36:52…" (pid column) versus "17:36:52…" / "1795455433.36…" (no pid): a pid is
    // digits followed by a space.
    Cursor probe = c;
    int32_t pid = 0;
    if (read_pid(probe, pid) && probe.peek() == ' ') {
      out.pid = pid;
      out.has_pid = true;
      probe.skip_spaces();
      c.pos = probe.pos;
    }
  }
  read_timestamp(c, out.ts);
  return true;
}

std::string_view read_syscall_name(Cursor& c) {
  const size_t start = c.pos;
  if (c.peek() == '?') {
    while (c.peek() == '?' && !c.at_end()) ++c.pos;
    return c.text.substr(start, c.pos - start);
  }
  return read_identifier(c);
}

namespace {

// poll's "= 1 ([{fd=3, revents=POLLIN}])": each revents joins its fd's entry in the fds array
// (the first argument), where the native decoder keeps it; ppoll's ", left {…}" after them becomes
// the kPolledLeftArg argument. The cursor is on the '('.
void merge_revents(Cursor c, SyscallEvent& ev) {
  if (!c.starts_with("([") || ev.args.empty() || ev.args[0].kind != ArgKind::Array) return;
  ++c.pos;
  Arg list;
  std::vector<FdRef> plain_fds;  // "fd=3": no annotations here
  if (!parse_value(c, list, plain_fds) || list.kind != ArgKind::Array) return;
  c.skip_spaces();
  if (c.consume(',')) {
    c.skip_spaces();
    Arg left;
    if (read_identifier(c) == kPolledLeftArg && (c.skip_spaces(), parse_value(c, left, plain_fds))) {
      ev.args.push_back(std::move(left).named(std::string(kPolledLeftArg)));
    }
  }
  std::vector<Arg>& fds = ev.args[0].items;
  size_t next = 0;
  for (Arg& r : list.items) {
    if (r.kind != ArgKind::Struct || r.items.size() != 2 || r.items[1].name != "revents") continue;
    const auto same_fd = [&](const Arg& p) {
      return p.kind == ArgKind::Struct && !p.items.empty() && p.items[0].num == r.items[0].num;
    };
    while (next < fds.size() && !same_fd(fds[next])) ++next;
    if (next == fds.size()) return;
    fds[next++].items.push_back(std::move(r.items[1]));
  }
}

// select's "= 2 (in [3], out [4], left {tv_sec=0, tv_nsec=5})": each "name value" part becomes a
// field of the kSelectResultArg Struct, the event's last argument, as the native decoder makes it.
// "(Timeout)" has no part. The cursor is on the '('.
void read_select_result(Cursor c, SyscallEvent& ev) {
  const SyscallSignature* sig = find_signature(ev.name);
  if (sig == nullptr || sig->ret != RetType::Selected || !c.consume('(')) return;
  Arg result;
  result.kind = ArgKind::Struct;
  std::vector<FdRef> plain_fds;  // "in [3]": no annotations here
  while (true) {
    const std::string_view part = read_identifier(c);
    if (part != "in" && part != "out" && part != "except" && part != "left") return;
    c.skip_spaces();
    Arg value;
    if (!parse_value(c, value, plain_fds)) return;
    value.name.assign(part);
    result.items.push_back(std::move(value));
    if (c.consume(')')) break;
    if (!c.consume(',')) return;
    c.skip_spaces();
  }
  ev.args.push_back(std::move(result).named(std::string(kSelectResultArg)));
}

}  // namespace

bool read_return(Cursor& c, SyscallEvent& ev, int64_t& duration_us) {
  duration_us = -1;
  c.skip_spaces();
  if (!c.consume('=')) return c.fail("expected '=' after the arguments");
  c.skip_spaces();
  if (c.consume('?')) {
    ev.has_ret = false;
  } else {
    Number n;
    if (!read_number(c, n) || (n.negative && n.base != NumberBase::Decimal))
      return c.fail("malformed return value");
    ev.has_ret = true;
    ev.ret = n.negative ? static_cast<int64_t>(0 - n.magnitude) : static_cast<int64_t>(n.magnitude);
    ev.ret_kind = n.base == NumberBase::Hex ? RetKind::Hex : RetKind::Int;
    if (c.peek() == '<' && !at_call_break(c) && n.base == NumberBase::Decimal && !n.negative) {
      FdRef ref{ev.ret, {}, /*result=*/true};
      if (!read_annotation(c, ref.ref)) return false;
      ev.fd_refs.push_back(std::move(ref));
      ev.ret_kind = RetKind::Fd;
    }
  }
  c.skip_spaces();
  if (c.peek() == 'E') {  // "ENOENT (No such file or directory)", "ERESTARTSYS (…)"
    const std::string_view errno_name = read_identifier(c);
    ev.err = errno_value(errno_name);
    // "= ? ERESTARTSYS": the kernel did return, with an error user space never sees; report it
    // as the native backend does (-1 and the errno).
    ev.has_ret = true;
    ev.ret = -1;
    ev.ret_kind = RetKind::Int;
    c.skip_spaces();
  }
  if (c.peek() == '(') merge_revents(c, ev);
  if (c.peek() == '(' && ev.err == 0) read_select_result(c, ev);
  if (c.peek() == '(' && !skip_group(c)) return false;  // description or extra output
  c.skip_spaces();
  if (c.peek() == '<' && !read_duration(c, duration_us)) return c.fail("malformed -T duration");
  if (!is_line_end(c)) return c.fail("unexpected text after the return value");
  return true;
}

bool read_signal(Cursor& c, SyscallEvent& ev) {
  if (!c.consume("---")) return c.fail("expected ---");
  c.skip_spaces();
  ev.stopped = c.consume("stopped by ");
  const std::string_view signal = read_identifier(c);
  if (signal.empty()) return c.fail("signal name missing");
  ev.type = EventType::Signal;
  ev.signo = signal_value(signal);
  c.skip_spaces();
  if (c.peek() == '{') {
    Arg siginfo;
    if (!parse_value(c, siginfo, ev.fd_refs)) return false;
    siginfo.name = "siginfo";
    ev.args.push_back(std::move(siginfo));
    c.skip_spaces();
  }
  if (!c.starts_with("---")) {
    // Older strace: "--- SIGCHLD (Child exited) @ 0 (0) ---"; keep the middle verbatim.
    const std::string_view rest = c.rest();
    const size_t end = rest.rfind(" ---");
    if (end == std::string_view::npos) return c.fail("signal line not closed by ---");
    ev.args.push_back(Arg::raw(std::string(rest.substr(0, end))).named("info"));
    c.pos += end + 1;
  }
  c.consume("---");
  if (!is_line_end(c)) return c.fail("unexpected text after a signal");
  return true;
}

bool read_lifecycle(Cursor& c, SyscallEvent& ev, int32_t& superseded_by) {
  superseded_by = -1;
  if (!c.consume("+++ ")) return c.fail("expected +++");
  if (c.consume("exited with ")) {
    int64_t code = 0;
    if (!read_decimal_int(c, code) || code < std::numeric_limits<int>::min() ||
        code > std::numeric_limits<int>::max())
      return c.fail("malformed exit status");
    ev.type = EventType::Exit;
    ev.exit_code = static_cast<int>(code);
  } else if (c.consume("killed by ")) {
    const std::string_view signal = read_identifier(c);
    if (signal.empty()) return c.fail("signal name missing");
    ev.type = EventType::Exit;
    ev.killed = true;
    ev.signo = signal_value(signal);
    c.skip_spaces();
    ev.core_dumped = c.consume("(core dumped)");
  } else if (c.consume("superseded by execve in pid ")) {
    if (!read_pid(c, superseded_by)) return c.fail("malformed pid");
  } else {
    return c.fail("unknown +++ line");
  }
  c.skip_spaces();
  if (!c.consume("+++") || !is_line_end(c)) return c.fail("expected +++ at the end");
  return true;
}

bool read_strace_note(std::string_view body, int32_t& arch_change_pid, uint32_t& arch) {
  arch_change_pid = -1;
  if (body.starts_with("strace: ")) return true;  // "Process 123 attached", "detached", warnings
  if (!body.starts_with("[ Process PID=")) return false;
  Cursor c{body, 14, nullptr};
  int32_t pid = 0;
  if (!read_pid(c, pid) || !c.consume(" runs in ")) return false;
  arch_change_pid = pid;
  arch = c.starts_with("32 bit") ? kArchI386 : kArchX86_64;  // x32 uses the x86_64 table
  return true;
}

}  // namespace capsule::strace_detail
