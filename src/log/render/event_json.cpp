// events.jsonl: one JSON object per event, appended to a string (no DOM: this is the hot path).
// Keys and their order are documented in docs/FORMAT.md ("events.jsonl").
#include <algorithm>

#include "decode/names.h"
#include "log/render/event_render.h"
#include "log/render/json_text.h"
#include "log/render/render_detail.h"

namespace capsule {
namespace {

using json::append_key;

void append_hex_string(uint64_t v, std::string& out) {
  out.append("\"0x");
  render_detail::append_hex_digits(v, out);
  out.push_back('"');
}

// "0644", as in the text form; zero is "000".
void append_octal_string(uint64_t v, std::string& out) {
  out.push_back('"');
  render_detail::append_octal_digits(v, out);
  out.push_back('"');
}

// An object member whose key comes from decoded data (so it may need escaping).
void append_member_key(std::string& out, std::string_view name, std::string_view fallback_prefix,
                       size_t index, bool first) {
  if (!first) out.push_back(',');
  if (!name.empty()) {
    json::append_string(out, name);
  } else {
    out.push_back('"');
    out.append(fallback_prefix);
    json::append_uint(out, index);
    out.push_back('"');
  }
  out.push_back(':');
}

void append_args_object(const std::vector<Arg>& args, std::string_view fallback_prefix,
                        std::string& out) {
  out.push_back('{');
  for (size_t i = 0; i < args.size(); ++i) {
    append_member_key(out, args[i].name, fallback_prefix, i, i == 0);
    append_arg_json(args[i], out);
  }
  out.push_back('}');
}

void append_fds(const SyscallEvent& ev, std::string& out) {
  if (std::none_of(ev.fd_refs.begin(), ev.fd_refs.end(), [](const FdRef& r) { return r.is_descriptor(); })) return;
  append_key(out, "fds");
  out.push_back('{');
  bool first = true;
  for (auto it = ev.fd_refs.begin(); it != ev.fd_refs.end(); ++it) {
    const FdRef& r = *it;
    // One key per fd (a JSON object never repeats a key): a number annotated twice (dup2 onto an
    // open fd: what it was, then what it now is) keeps its last annotation, the call's result.
    if (std::any_of(it + 1, ev.fd_refs.end(), [&](const FdRef& later) { return later.fd == r.fd; })) continue;
    // AT_FDCWD's directory is no fd: the cwd is process context (enriched.jsonl's ctx).
    if (!r.is_descriptor()) continue;
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    json::append_int(out, r.fd);
    out.append("\":");
    json::append_string(out, r.ref);
  }
  out.push_back('}');
}

void append_arch(uint32_t arch, std::string& out) {
  if (arch == kArchX86_64) return;
  append_key(out, "arch");
  if (arch == kArchI386) {
    out.append("\"i386\"");
  } else {
    append_hex_string(arch, out);
  }
}

void append_syscall_members(const SyscallEvent& ev, std::string& out) {
  append_key(out, "syscall");
  json::append_string(out, ev.name);
  append_key(out, "nr");
  json::append_int(out, ev.nr);
  append_arch(ev.arch, out);
  append_key(out, "args");
  append_args_object(ev.args, "arg", out);
  append_key(out, "ret");
  if (ev.has_ret) json::append_int(out, ev.ret); else out.append("null");
  const int err = render_detail::effective_errno(ev);
  if (err != 0 && (ev.has_ret || ev.denied)) {
    append_key(out, "errno");
    json::append_string(out, errno_name(err));
  }
  if (ev.denied) {
    out.append(",\"denied\":true");
    // A --policy refusal stays as it always was; capsule's own refusals say why.
    if (ev.deny_reason != DenyReason::Policy) {
      append_key(out, "denied_by");
      json::append_string(out, deny_reason_name(ev.deny_reason));
    }
  }
  if (ev.unreadable) out.append(",\"unreadable\":true");
  append_fds(ev, out);
  if (ev.end_us >= ev.ts_us) {
    append_key(out, "dur_us");
    json::append_int(out, ev.end_us - ev.ts_us);
  }
}

void append_signal_members(const SyscallEvent& ev, std::string& out) {
  append_key(out, "type");
  out.append("\"signal\"");
  append_key(out, "signal");
  json::append_string(out, signal_name(ev.signo));
  if (ev.stopped) out.append(",\"stopped\":true");
  if (!ev.args.empty() && ev.args[0].kind == ArgKind::Struct) {
    append_key(out, "siginfo");
    append_arg_json(ev.args[0], out);
  }
}

// "type":"unparsed","line":"<strace's line, verbatim>","reason":"<why it could not be read>"
void append_unparsed_members(const SyscallEvent& ev, std::string& out) {
  append_key(out, "type");
  out.append("\"unparsed\"");
  for (const Arg& a : ev.args) {
    append_key(out, a.name);
    json::append_string(out, a.text);
  }
}

void append_exit_members(const SyscallEvent& ev, std::string& out) {
  append_key(out, "type");
  out.append("\"exit\"");
  if (ev.killed) {
    append_key(out, "killed_by");
    json::append_string(out, signal_name(ev.signo));
    append_key(out, "core_dumped");
    out.append(ev.core_dumped ? "true" : "false");
  } else {
    append_key(out, "exit_code");
    json::append_int(out, ev.exit_code);
  }
}

}  // namespace

void append_arg_json(const Arg& arg, std::string& out) {
  switch (arg.kind) {
    case ArgKind::Int:
    case ArgKind::Fd:
      json::append_int(out, arg.num);
      return;
    case ArgKind::UInt:
      json::append_uint(out, static_cast<uint64_t>(arg.num));
      return;
    case ArgKind::Hex:
      append_hex_string(static_cast<uint64_t>(arg.num), out);
      return;
    case ArgKind::Octal:
      append_octal_string(static_cast<uint64_t>(arg.num), out);
      return;
    case ArgKind::Str:
      if (!arg.truncated) {
        json::append_string(out, arg.text);
        return;
      }
      out.append("{\"str\":");
      json::append_string(out, arg.text);
      out.append(",\"truncated\":true}");
      return;
    case ArgKind::Symbol:
    case ArgKind::Raw:
      json::append_string(out, arg.text);
      return;
    case ArgKind::Null:
      out.append("null");
      return;
    case ArgKind::Struct:
      // A truncated struct (strace's "{a=1, ...}") carries a final "...":true member.
      append_args_object(arg.items, "field", out);
      if (arg.truncated) {
        out.pop_back();
        out.append(arg.items.empty() ? "\"...\":true}" : ",\"...\":true}");
      }
      return;
    case ArgKind::Array: {
      if (arg.truncated) out.append("{\"items\":");
      out.push_back('[');
      for (size_t i = 0; i < arg.items.size(); ++i) {
        if (i != 0) out.push_back(',');
        append_arg_json(arg.items[i], out);
      }
      out.push_back(']');
      if (arg.truncated) out.append(",\"truncated\":true}");
      return;
    }
  }
}

void append_event_json(const SyscallEvent& ev, std::string& out) {
  out.append("{\"seq\":");
  json::append_uint(out, ev.seq);
  append_key(out, "ts");
  out.push_back('"');
  append_iso_time(ev.ts_us, out);
  out.push_back('"');
  append_key(out, "pid");
  json::append_int(out, ev.pid);
  append_key(out, "tid");
  json::append_int(out, ev.tid);
  switch (ev.type) {
    case EventType::Syscall: append_syscall_members(ev, out); break;
    case EventType::Signal: append_signal_members(ev, out); break;
    case EventType::Exit: append_exit_members(ev, out); break;
    case EventType::Unparsed: append_unparsed_members(ev, out); break;
  }
  out.push_back('}');
}

}  // namespace capsule
