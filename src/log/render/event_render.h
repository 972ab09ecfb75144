// Renders a SyscallEvent for the two per-syscall streams.
//
// syscalls.log is strace's own text (as `strace -f -tt -yy -x` writes it, so that strace readers,
// and `capsule import`, read it back); events.jsonl is one JSON object per event with the keys
// documented in docs/FORMAT.md. Both are pure functions of the event: the fd annotations come
// from ev.fd_refs, filled earlier by the enricher.
#pragma once

#include <string>

#include "event/syscall_event.h"

namespace capsule {

// One strace-format line without the newline:
//   "1234 17:30:00.123456 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>"
//   "1234 17:30:00.123457 +++ exited with 0 +++"
void append_strace_line(const SyscallEvent& ev, std::string& out);

// The strace-style rendering of one argument (as inside the parentheses above).
void append_strace_arg(const Arg& arg, const SyscallEvent& ev, std::string& out);

// One JSON object, "{...}" with no newline and no chain field (the chained writer adds it).
void append_event_json(const SyscallEvent& ev, std::string& out);

// The JSON rendering of one argument value.
void append_arg_json(const Arg& arg, std::string& out);

// "2026-11-23T17:30:00.123456Z"
void append_iso_time(int64_t ts_us, std::string& out);

}  // namespace capsule
