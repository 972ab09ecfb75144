// `capsule attach PID` (and `run -p PID`) with the ptrace backend: the seize of every thread of
// the running process (the target checked before, trace/attach_target.h).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace capsule {

// PTRACE_SEIZEs every thread of process pid with these options, listing /proc/PID/task again
// until no new thread appears (a thread may start one while we seize). The threads keep running:
// the caller interrupts them. Returns the tids; throws BackendError with one line saying why when
// the kernel refuses (another tracer, Yama's ptrace_scope, another user's process).
std::vector<pid_t> seize_process(pid_t pid, unsigned long options);

}  // namespace capsule
