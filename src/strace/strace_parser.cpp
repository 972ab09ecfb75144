#include "strace/strace_parser.h"

#include <algorithm>
#include <exception>

#include "decode/names.h"
#include "strace/strace_signature.h"
#include "strace/strace_line.h"
#include "strace/strace_values.h"

namespace capsule {

using strace_detail::ArgListEnd;
using strace_detail::Cursor;

namespace {

// strace names a syscall it has no name for "syscall_0x1c9".
int syscall_number_of(uint32_t arch, std::string_view name) {
  const int nr = syscall_number(arch, name);
  if (nr >= 0 || !name.starts_with("syscall_0x")) return nr;
  Cursor c{name, 8, nullptr};
  strace_detail::Number n;
  if (!strace_detail::read_number(c, n) || !c.at_end() || n.magnitude > 0xffff) return -1;
  return static_cast<int>(n.magnitude);
}

bool only_spaces(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) { return ch == ' ' || ch == '\t'; });
}

// Puts back a resumed call whose continuation line failed, as it was before the attempt.
void restore_pending(SyscallEvent& ev, size_t args, size_t fd_refs, int64_t end_us) {
  ev.args.resize(args);
  ev.fd_refs.resize(fd_refs);
  ev.has_ret = false;
  ev.ret = 0;
  ev.err = 0;
  ev.ret_kind = RetKind::Int;
  ev.end_us = end_us;
}

}  // namespace

StraceLineParser::StraceLineParser(StraceParseOptions options)
    : options_(std::move(options)), clock_(options_.day_start_us) {}

void StraceLineParser::feed(std::string_view line) {
  ++lines_read_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const char* why = nullptr;
  try {
    why = parse_line(line);
  } catch (const std::exception&) {  // allocation failure on a huge line: report, keep going
    why = "internal error while parsing";
  }
  if (why != nullptr) report(line, why);
}

void StraceLineParser::finish() {
  std::vector<SyscallEvent> left;
  left.reserve(pending_.size());
  for (auto& [pid, ev] : pending_) left.push_back(std::move(ev));
  pending_.clear();
  // Map order is arbitrary; emit in entry order so the output is deterministic.
  std::sort(left.begin(), left.end(), [](const SyscallEvent& a, const SyscallEvent& b) {
    return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.pid < b.pid;
  });
  for (auto& ev : left) {
    ev.has_ret = false;
    strace_detail::apply_signature(ev);
    emit(std::move(ev));
  }
}

bool StraceLineParser::pop(SyscallEvent& out) {
  if (ready_.empty()) return false;
  out = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

const char* StraceLineParser::parse_line(std::string_view line) {
  if (only_spaces(line)) return nullptr;
  int32_t note_pid = -1;
  uint32_t note_arch = options_.arch;
  const size_t first = line.find_first_not_of(" \t");
  if (strace_detail::read_strace_note(line.substr(first), note_pid, note_arch)) {
    if (note_pid >= 0) arch_by_pid_[note_pid] = note_arch;
    return nullptr;
  }

  Cursor c{line, 0, nullptr};
  strace_detail::LineHead head;
  if (!strace_detail::read_line_head(c, head)) return c.error;
  const int32_t pid = head.has_pid ? head.pid : options_.default_pid;
  const int64_t ts_us = clock_.resolve(head.ts);
  last_pid_ = pid;
  last_ts_us_ = ts_us;
  if (c.at_end()) return "no syscall, signal or exit after the line prefix";

  if (c.starts_with("---")) {
    SyscallEvent ev;
    ev.pid = ev.tid = pid;
    ev.ts_us = ev.end_us = ts_us;
    ev.arch = arch_of(pid);
    if (!strace_detail::read_signal(c, ev)) return c.error;
    emit(std::move(ev));
    return nullptr;
  }
  if (c.starts_with("+++")) {
    SyscallEvent ev;
    ev.pid = ev.tid = pid;
    ev.ts_us = ev.end_us = ts_us;
    ev.arch = arch_of(pid);
    int32_t superseded_by = -1;
    if (!strace_detail::read_lifecycle(c, ev, superseded_by)) return c.error;
    flush_pending(pid);  // whatever the process was blocked in never returns
    if (superseded_by < 0) {
      emit(std::move(ev));
    } else if (superseded_by != pid) {
      // The exec'ing thread takes over the leader's pid; its execve resumes under that pid.
      auto it = pending_.find(superseded_by);
      if (it != pending_.end()) {
        SyscallEvent exec = std::move(it->second);
        pending_.erase(it);
        exec.pid = pid;  // thread group id; tid stays the thread that called execve
        pending_[pid] = std::move(exec);
      }
    }
    return nullptr;
  }
  if (c.starts_with("<...")) return parse_resumed(c, pid, ts_us);
  return parse_call(c, pid, ts_us);
}

const char* StraceLineParser::parse_call(Cursor& c, int32_t pid, int64_t ts_us) {
  const std::string_view name = strace_detail::read_syscall_name(c);
  if (name.empty()) return "not a syscall, signal or exit line";
  if (!c.consume('(')) return "expected '(' after the syscall name";
  SyscallEvent ev;
  ev.pid = ev.tid = pid;
  ev.ts_us = ev.end_us = ts_us;
  ev.arch = arch_of(pid);
  ev.name.assign(name.data(), name.size());
  ev.nr = syscall_number_of(ev.arch, name);
  return finish_call(c, ev, false, false, pid, ts_us);
}

const char* StraceLineParser::parse_resumed(Cursor& c, int32_t pid, int64_t ts_us) {
  c.pos += 4;  // "<..."
  c.skip_spaces();
  const std::string_view name = strace_detail::read_syscall_name(c);
  c.skip_spaces();
  if (name.empty() || !c.consume("resumed>")) return "malformed '<... name resumed>'";

  SyscallEvent ev;
  auto it = pending_.find(pid);
  const bool joined = it != pending_.end() && it->second.name == name;
  if (joined) {
    ev = std::move(it->second);
    pending_.erase(it);
  } else {  // its entry line is not in the input (trace cut at the start): keep what there is
    ev.pid = ev.tid = pid;
    ev.ts_us = ev.end_us = ts_us;
    ev.arch = arch_of(pid);
    ev.name.assign(name.data(), name.size());
    ev.nr = syscall_number_of(ev.arch, name);
  }
  const size_t args_before = ev.args.size();
  const size_t refs_before = ev.fd_refs.size();
  const int64_t end_before = ev.end_us;
  const char* why = finish_call(c, ev, true, !joined, pid, ts_us);
  if (why != nullptr && joined) {
    restore_pending(ev, args_before, refs_before, end_before);
    pending_[pid] = std::move(ev);
  }
  return why;
}

const char* StraceLineParser::finish_call(Cursor& c, SyscallEvent& ev, bool continuation,
                                          bool missing_leading, int32_t park_pid, int64_t ts_us) {
  ArgListEnd end = ArgListEnd::Closed;
  if (!strace_detail::parse_arg_list(c, continuation, ev.args, ev.fd_refs, end))
    return c.error != nullptr ? c.error : "malformed arguments";
  ev.end_us = ts_us;
  if (end == ArgListEnd::Unfinished) {
    c.skip_spaces();
    if (!c.consume(')')) {
      if (!c.at_end()) return "text after <unfinished ...>";
      flush_pending(park_pid);
      pending_[park_pid] = std::move(ev);
      return nullptr;
    }
    // "<... read resumed> <unfinished ...>) = ?": the process died in the call.
  } else if (end == ArgListEnd::Detached) {
    c.skip_spaces();
    if (!c.at_end()) return "text after <detached ...>";
    ev.has_ret = false;
    strace_detail::apply_signature(ev, missing_leading);
    emit(std::move(ev));
    return nullptr;
  }
  int64_t duration_us = -1;
  if (!strace_detail::read_return(c, ev, duration_us)) return c.error;
  if (duration_us >= 0) ev.end_us = ev.ts_us + duration_us;
  strace_detail::apply_signature(ev, missing_leading);
  emit(std::move(ev));
  return nullptr;
}

void StraceLineParser::emit(SyscallEvent&& ev) {
  ++events_emitted_;
  ready_.push_back(std::move(ev));
}

void StraceLineParser::flush_pending(int32_t pid) {
  auto it = pending_.find(pid);
  if (it == pending_.end()) return;
  SyscallEvent ev = std::move(it->second);
  pending_.erase(it);
  ev.has_ret = false;
  strace_detail::apply_signature(ev);
  emit(std::move(ev));
}

uint32_t StraceLineParser::arch_of(int32_t pid) const {
  if (arch_by_pid_.empty()) return options_.arch;
  auto it = arch_by_pid_.find(pid);
  return it == arch_by_pid_.end() ? options_.arch : it->second;
}

void StraceLineParser::report(std::string_view line, const char* reason) {
  ++error_count_;
  if (options_.keep_unparsed) {
    emit_unparsed(line, reason);  // the line is kept in the events; nothing more to hold
    if (!options_.on_error) return;
  }
  StraceParseError error{lines_read_, std::string(line), reason};
  if (options_.on_error) {
    options_.on_error(error);
  } else {
    errors_.push_back(std::move(error));
  }
}

// The line's own pid and time when its prefix reads (parse_line has then noted them), else those of
// the line before: the record stays in its place in the run's order.
void StraceLineParser::emit_unparsed(std::string_view line, const char* reason) {
  SyscallEvent ev;
  ev.type = EventType::Unparsed;
  ev.pid = ev.tid = last_pid_;
  ev.ts_us = ev.end_us = last_ts_us_;
  ev.arch = arch_of(last_pid_);
  ev.args.push_back(Arg::raw(std::string(line)).named("line"));
  ev.args.push_back(Arg::raw(reason).named("reason"));
  emit(std::move(ev));
}

}  // namespace capsule
