// A siginfo_t as strace writes it in "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, …} ---":
// si_code by name (the generic SI_* first, then the signal's own CLD_*, SEGV_*…), and only the
// fields the code and signal fill, in strace's order (its printsiginfo.c).
#pragma once

#include <signal.h>

#include "event/syscall_event.h"

namespace capsule {

// The Struct (named "siginfo") for one delivered signal.
Arg siginfo_arg(const siginfo_t& si);

}  // namespace capsule
