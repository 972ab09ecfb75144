// Reads strace's text output into SyscallEvents, the same records the native backend produces.
//
// Input is what `strace -f -tt -yy -v -x -s 1000 -o FILE cmd` writes, and the variants: no pid
// column (no -f), "[pid N]" prefixes (output on stderr), -t / -tt / -ttt / -r / no timestamps,
// -T durations, with or without -y/-yy annotations.
//
// What the events look like:
// - Syscall events: name, nr = syscall_number(arch, name) (-1 when unknown), args with
//   structured values (shapes listed in strace_values.h) and each top-level Arg.name set to
//   arg_name(syscall, index), so both backends name arguments alike, and plain numbers get the
//   kind the signature declares (Fd, Octal, UInt, Hex; see strace_signature.h). When strace
//   itself names every argument (clone's "child_stack=…, flags=…"), those names are matched to
//   the signature (child_stack→stack, child_tidptr→child_tid) and the args put in its order.
//   ret_kind: Fd when annotated or when the call returns a new fd; Hex for 0x… values.
// - pid = tid = the pid strace printed: strace does not tell threads from processes. Lines with
//   no pid column get StraceParseOptions::default_pid.
// - fd annotations fill ev.fd_refs, for args, items nested in structs/arrays and the return value
//   (ret_kind Fd); AT_FDCWD</cwd> gives FdRef{-100, "/cwd"}.
// - "= -1 ENOENT (…)": ret -1, err from errno_value. "= ?": has_ret false. Text after the return
//   value ("(Timeout)", "([{fd=3, revents=POLLIN}])", errno descriptions) is not kept.
// - "<unfinished ...>" + "<... name resumed>" become one event emitted at the resume, with ts_us
//   from the first line and end_us from the second; other pids' lines may come between. A
//   resume with no matching entry (a trace cut at its start) yields an event with the resumed
//   args only, named as the signature's last ones. Calls still unfinished at finish(), at their process's exit, or when replaced are
//   emitted with has_ret false.
// - Signal lines: EventType::Signal, signo, args[0] = the siginfo Struct named "siginfo".
// - Exit lines: EventType::Exit, exit_code / killed+signo / core_dumped.
// - "+++ superseded by execve in pid N +++" produces no event: it moves N's pending execve to
//   the pid whose "<... execve resumed>" follows. strace's notes ("strace: Process N attached",
//   "[ Process PID=N runs in 32 bit mode. ]") produce no event; the latter switches that pid's
//   arch to i386 for syscall numbers.
// - Events leave seq at 0: the pipeline numbers them.
//
// A line that cannot be read never throws and never stops the parser: it is reported with its
// line number and verbatim text, counted, and skipped.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "event/syscall_event.h"
#include "strace/strace_timestamp.h"

namespace capsule {

struct StraceParseError {
  uint64_t line_number = 0;  // 1-based, counting every line fed
  std::string line;          // verbatim
  std::string reason;
};

struct StraceParseOptions {
  // Epoch µs of the midnight that starts the trace, for -t/-tt times (which carry no date) and
  // the origin of -r deltas. Default: today, UTC.
  int64_t day_start_us = strace_detail::today_utc_midnight_us();
  uint32_t arch = kArchX86_64;  // of the traced processes, until strace says otherwise
  int32_t default_pid = 0;      // pid for lines without a pid column
  // Receives each unreadable line. Without it the errors are kept for take_errors() (unless
  // keep_unparsed already keeps them as events).
  std::function<void(const StraceParseError&)> on_error;
  // Also emit each unreadable line, in its place, as an EventType::Unparsed event, so that a
  // recording keeps it (the strace backend and import; a sniffing parser does not want it).
  bool keep_unparsed = false;
};

class StraceLineParser {
 public:
  explicit StraceLineParser(StraceParseOptions options = {});

  // One line, without its newline (a trailing '\r' is ignored). Lines must come in file order.
  void feed(std::string_view line);
  // End of input: emits the calls still waiting for their "resumed" line (has_ret false).
  void finish();

  // Completed events, in the order their last line was read.
  bool has_event() const { return !ready_.empty(); }
  bool pop(SyscallEvent& out);

  std::vector<StraceParseError> take_errors() { return std::exchange(errors_, {}); }

  uint64_t lines_read() const { return lines_read_; }
  uint64_t error_count() const { return error_count_; }
  uint64_t events_emitted() const { return events_emitted_; }

 private:
  // Returns nullptr on success, or why the line could not be read.
  const char* parse_line(std::string_view line);
  const char* parse_call(strace_detail::Cursor& c, int32_t pid, int64_t ts_us);
  const char* parse_resumed(strace_detail::Cursor& c, int32_t pid, int64_t ts_us);
  // Parses the arguments (continuing ev.args) and, when the list closes, the return value; then
  // emits ev or parks it under park_pid until its "resumed" line. On failure ev is left to the
  // caller (moved from only on success).
  const char* finish_call(strace_detail::Cursor& c, SyscallEvent& ev, bool continuation,
                          bool missing_leading, int32_t park_pid, int64_t ts_us);
  void emit(SyscallEvent&& ev);
  void flush_pending(int32_t pid);
  uint32_t arch_of(int32_t pid) const;
  void report(std::string_view line, const char* reason);
  void emit_unparsed(std::string_view line, const char* reason);

  StraceParseOptions options_;
  strace_detail::WallClock clock_;
  std::unordered_map<int32_t, SyscallEvent> pending_;  // pid -> call printed "<unfinished ...>"
  std::unordered_map<int32_t, uint32_t> arch_by_pid_;  // pids strace reported in another mode
  std::deque<SyscallEvent> ready_;
  std::vector<StraceParseError> errors_;
  uint64_t lines_read_ = 0;
  uint64_t error_count_ = 0;
  uint64_t events_emitted_ = 0;
  int32_t last_pid_ = 0;    // of the last line read, for an unparsed line without its own
  int64_t last_ts_us_ = 0;
};

// True when the text (the first lines of a file) reads as strace output: a majority of its
// non-empty lines parse, and at least one is a syscall line. For `capsule import` to refuse
// other files early.
bool looks_like_strace(std::string_view first_lines);

}  // namespace capsule
