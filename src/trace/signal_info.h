// A delivered signal's siginfo as the record shows it (strace's "{si_signo=SIGCHLD, si_code=…}"):
// built the same way by every native backend, whichever way it read the fields (ptrace's
// PTRACE_GETSIGINFO, the eBPF backend's signal tracepoints).
#pragma once

#include <cstdint>

#include "event/syscall_event.h"

namespace capsule {

struct SignalInfo {
  int signo = 0;
  int code = 0;      // si_code
  int pid = 0;       // si_pid: shown when a process sent it (si_code <= 0) and for SIGCHLD
  uint32_t uid = 0;  // si_uid: likewise
  int status = 0;    // si_status: SIGCHLD only
};

// The "siginfo" struct argument of a Signal event, from the fields a backend could read (the eBPF
// backend's signal tracepoints); decoded by decode/siginfo like ptrace's whole siginfo_t.
Arg signal_info_arg(const SignalInfo& si);

}  // namespace capsule
