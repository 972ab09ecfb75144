// A delivered signal's siginfo as the record shows it (strace's "{si_signo=SIGCHLD, si_code=…}"):
// built the same way by every native backend, whichever way it read the fields (ptrace's
// PTRACE_GETSIGINFO, the eBPF backend's signal tracepoints).
#pragma once

#include <cstdint>

#include "event/syscall_event.h"

namespace capsule {

struct SignalInfo {
  int signo = 0;
  int code = 0;  // si_code
  // The first bytes of siginfo_t's union as the kernel filled it: si_pid and si_uid, si_value,
  // si_addr, SIGCHLD's status and times... whichever fields the code uses.
  uint64_t fields[4] = {};
};

// The "siginfo" struct argument of a Signal event, from the fields a backend could read (the eBPF
// backend's signal tracepoints); decoded by decode/siginfo like ptrace's whole siginfo_t.
Arg signal_info_arg(const SignalInfo& si);

}  // namespace capsule
