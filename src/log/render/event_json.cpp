// events.jsonl: one JSON object per event, appended to a string (no DOM: this is the hot path).
// Keys and their order are documented in docs/FORMAT.md ("events.jsonl").
#include <algorithm>

#include "decode/names.h"
#include "log/render/event_render.h"
#include "log/render/iso_time_cache.h"
#include "log/render/json_text.h"
#include "log/render/record_writer.h"
#include "log/render/render_detail.h"

namespace capsule {
namespace {

// Every piece goes through a RecordWriter (a stack buffer appended to the line a few hundred bytes
// at a time): a record is dozens of keys and short values, and one std::string append per piece
// cost more than the bytes themselves. Keys are written with their punctuation as one literal.

void put_hex_string(uint64_t v, RecordWriter& w) {
  std::string& out = w.flushed();
  out.append("\"0x", 3);
  render_detail::append_hex_digits(v, out);
  out.push_back('"');
}

// "0644", as in the text form; zero is "000".
void put_octal_string(uint64_t v, RecordWriter& w) {
  std::string& out = w.flushed();
  out.push_back('"');
  render_detail::append_octal_digits(v, out);
  out.push_back('"');
}

void put_arg(const Arg& arg, RecordWriter& w);

// An object member whose key comes from decoded data (so it may need escaping).
void put_member_key(RecordWriter& w, std::string_view name, std::string_view fallback_prefix,
                    size_t index, bool first) {
  if (!first) w.ch(',');
  if (!name.empty()) {
    w.string(name);
  } else {
    w.ch('"');
    w.text(fallback_prefix);
    w.unum(index);
    w.ch('"');
  }
  w.ch(':');
}

void put_args_object(const std::vector<Arg>& args, std::string_view fallback_prefix, RecordWriter& w) {
  w.ch('{');
  for (size_t i = 0; i < args.size(); ++i) {
    put_member_key(w, args[i].name, fallback_prefix, i, i == 0);
    put_arg(args[i], w);
  }
  w.ch('}');
}

void put_fds(const SyscallEvent& ev, RecordWriter& w) {
  if (std::none_of(ev.fd_refs.begin(), ev.fd_refs.end(), [](const FdRef& r) { return r.is_descriptor(); })) return;
  w.text(",\"fds\":{");
  bool first = true;
  for (auto it = ev.fd_refs.begin(); it != ev.fd_refs.end(); ++it) {
    const FdRef& r = *it;
    // One key per fd (a JSON object never repeats a key): a number annotated twice (dup2 onto an
    // open fd: what it was, then what it now is) keeps its last annotation, the call's result.
    if (std::any_of(it + 1, ev.fd_refs.end(), [&](const FdRef& later) { return later.fd == r.fd; })) continue;
    // AT_FDCWD's directory is no fd: the cwd is process context (enriched.jsonl's ctx).
    if (!r.is_descriptor()) continue;
    w.text(first ? "\"" : ",\"");
    first = false;
    w.num(r.fd);
    w.text("\":");
    w.string(r.ref);
  }
  w.ch('}');
}

void put_arch(uint32_t arch, RecordWriter& w) {
  if (arch == kArchX86_64) return;
  w.text(",\"arch\":");
  if (arch == kArchI386) {
    w.text("\"i386\"");
  } else {
    put_hex_string(arch, w);
  }
}

void put_syscall_members(const SyscallEvent& ev, RecordWriter& w) {
  w.text(",\"syscall\":");
  w.string(ev.name);
  w.text(",\"nr\":");
  w.num(ev.nr);
  put_arch(ev.arch, w);
  w.text(",\"args\":");
  put_args_object(ev.args, "arg", w);
  w.text(",\"ret\":");
  if (ev.has_ret) w.num(ev.ret); else w.text("null");
  const int err = render_detail::effective_errno(ev);
  if (err != 0 && (ev.has_ret || ev.denied)) {
    w.text(",\"errno\":");
    w.string(errno_name(err));
  }
  if (ev.denied) {
    w.text(",\"denied\":true");
    // A --policy refusal stays as it always was; capsule's own refusals say why.
    if (ev.deny_reason != DenyReason::Policy) {
      w.text(",\"denied_by\":");
      w.string(deny_reason_name(ev.deny_reason));
    }
  }
  if (ev.unreadable) w.text(",\"unreadable\":true");
  put_fds(ev, w);
  if (ev.end_us >= ev.ts_us) {
    w.text(",\"dur_us\":");
    w.num(ev.end_us - ev.ts_us);
  }
}

void put_signal_members(const SyscallEvent& ev, RecordWriter& w) {
  w.text(",\"type\":\"signal\",\"signal\":");
  w.string(signal_name(ev.signo));
  if (ev.stopped) w.text(",\"stopped\":true");
  if (!ev.args.empty() && ev.args[0].kind == ArgKind::Struct) {
    w.text(",\"siginfo\":");
    put_arg(ev.args[0], w);
  }
}

// "type":"unparsed","line":"<strace's line, verbatim>","reason":"<why it could not be read>"
void put_unparsed_members(const SyscallEvent& ev, RecordWriter& w) {
  w.text(",\"type\":\"unparsed\"");
  for (const Arg& a : ev.args) {
    json::append_key(w.flushed(), a.name);
    w.string(a.text);
  }
}

void put_exit_members(const SyscallEvent& ev, RecordWriter& w) {
  w.text(",\"type\":\"exit\"");
  if (ev.killed) {
    w.text(",\"killed_by\":");
    w.string(signal_name(ev.signo));
    w.text(",\"core_dumped\":");
    w.text(ev.core_dumped ? "true" : "false");
  } else {
    w.text(",\"exit_code\":");
    w.num(ev.exit_code);
  }
}

void put_arg(const Arg& arg, RecordWriter& w) {
  switch (arg.kind) {
    case ArgKind::Int:
    case ArgKind::Fd:
      w.num(arg.num);
      return;
    case ArgKind::UInt:
      w.unum(static_cast<uint64_t>(arg.num));
      return;
    case ArgKind::Hex:
      put_hex_string(static_cast<uint64_t>(arg.num), w);
      return;
    case ArgKind::Octal:
      put_octal_string(static_cast<uint64_t>(arg.num), w);
      return;
    case ArgKind::Str:
      if (!arg.truncated) {
        w.string(arg.text);
        return;
      }
      w.text("{\"str\":");
      w.string(arg.text);
      w.text(",\"truncated\":true}");
      return;
    case ArgKind::Symbol:
    case ArgKind::Raw:
      w.string(arg.text);
      return;
    case ArgKind::Null:
      w.text("null");
      return;
    case ArgKind::Struct:
      // A truncated struct (strace's "{a=1, ...}") carries a final "...":true member.
      if (!arg.truncated) {
        put_args_object(arg.items, "field", w);
        return;
      }
      w.ch('{');
      for (size_t i = 0; i < arg.items.size(); ++i) {
        put_member_key(w, arg.items[i].name, "field", i, i == 0);
        put_arg(arg.items[i], w);
      }
      w.text(arg.items.empty() ? "\"...\":true}" : ",\"...\":true}");
      return;
    case ArgKind::Array: {
      if (arg.truncated) w.text("{\"items\":");
      w.ch('[');
      for (size_t i = 0; i < arg.items.size(); ++i) {
        if (i != 0) w.ch(',');
        put_arg(arg.items[i], w);
      }
      w.ch(']');
      if (arg.truncated) w.text(",\"truncated\":true}");
      return;
    }
  }
}

}  // namespace

void append_arg_json(const Arg& arg, std::string& out) {
  RecordWriter w(out);
  put_arg(arg, w);
}

void append_event_json(const SyscallEvent& ev, std::string& out) {
  RecordWriter w(out);
  w.text("{\"seq\":");
  w.unum(ev.seq);
  w.text(",\"ts\":\"");
  // Events come many per second: the date and second are spelled once per second (per thread:
  // the renderer is a free function, called from the pipeline thread and from tools).
  thread_local IsoTimeCache iso_time;
  uint32_t micros = 0;
  w.text(iso_time.prefix(ev.ts_us, micros));
  w.digits(micros, 6);
  w.text("Z\",\"pid\":");
  w.num(ev.pid);
  w.text(",\"tid\":");
  w.num(ev.tid);
  switch (ev.type) {
    case EventType::Syscall: put_syscall_members(ev, w); break;
    case EventType::Signal: put_signal_members(ev, w); break;
    case EventType::Exit: put_exit_members(ev, w); break;
    case EventType::Unparsed: put_unparsed_members(ev, w); break;
  }
  w.ch('}');
}

}  // namespace capsule
