// `capsule attach PID` (and `run -p PID`), whichever backend: whether PID is a process capsule may
// try to attach to, checked before anything is recorded.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace capsule {

// Why PID cannot be attached to as a user mistake (it does not exist, it is capsule itself or
// one of capsule's ancestors, whose stop would stop capsule, it is a thread), or "" when it can
// be tried.
std::string attach_target_problem(pid_t pid);

// A number after "Key:" in /proc/PID/status ("TracerPid", "PPid"); -1 when absent.
long proc_status_field(pid_t pid, std::string_view key);

// The threads of process pid now (/proc/PID/task); empty when the process is gone.
std::vector<pid_t> threads_of(pid_t pid);

}  // namespace capsule
