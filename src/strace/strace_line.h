// The structure of one strace line, outside the argument values:
//
//   [pid column] [timestamp] body
//
// where the pid column is "5886  " (-f with -o FILE), "[pid  5886] " (-f on stderr) or absent,
// and the body is one of
//   name(args) = ret [ERRNO (text)] [(extra)] [<duration>]      a complete call
//   name(args <unfinished ...>                                  entry of an interrupted print
//   <... name resumed>args) = ret ...                           its continuation
//   --- SIGCHLD {siginfo} ---   /  --- stopped by SIGSTOP ---    a signal
//   +++ exited with 0 +++  /  +++ killed by SIGKILL (core dumped) +++  /
//   +++ superseded by execve in pid 123 +++                     process lifecycle
//   strace: Process 123 attached   /   [ Process PID=123 runs in 32 bit mode. ]   strace's notes
#pragma once

#include <cstdint>
#include <string_view>

#include "event/syscall_event.h"
#include "strace/strace_text_reader.h"
#include "strace/strace_timestamp.h"

namespace capsule::strace_detail {

struct LineHead {
  bool has_pid = false;
  int32_t pid = 0;
  LineTimestamp ts;
};

// Reads the pid column and the timestamp; the cursor ends on the body. Fails only on a pid column
// that is malformed ("[pid x]").
bool read_line_head(Cursor& c, LineHead& out);

// Reads "= ret ..." after a call's closing ")". Fills has_ret, ret, err, ret_kind and (for an
// annotated fd) appends to ev.fd_refs; a -T duration sets duration_us (else it stays -1).
bool read_return(Cursor& c, SyscallEvent& ev, int64_t& duration_us);

// "--- SIGCHLD {...} ---": fills type, signo and args (the siginfo) of ev.
bool read_signal(Cursor& c, SyscallEvent& ev);

// "+++ ... +++". Exit lines fill ev as an Exit event; "superseded by execve in pid N" sets
// superseded_by instead (ev untouched).
bool read_lifecycle(Cursor& c, SyscallEvent& ev, int32_t& superseded_by);

// strace's own notes. Returns true when the body is one (so it is not an error); sets
// arch_change_pid/arch when it announces a personality switch ("runs in 32 bit mode").
bool read_strace_note(std::string_view body, int32_t& arch_change_pid, uint32_t& arch);

// Reads a syscall name: an identifier, or strace's "????" for a call it could not identify.
std::string_view read_syscall_name(Cursor& c);

}  // namespace capsule::strace_detail
