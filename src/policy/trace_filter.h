// The seccomp pre-filter behind `--trace`: calls the selection records stop the program for the
// tracer (SECCOMP_RET_TRACE); all others run without a ptrace stop, which is what makes a partial
// trace cheap (strace's --seccomp-bpf idea). The tracer then resumes with PTRACE_CONT instead of
// PTRACE_SYSCALL, asking for the exit stop only of a call it stopped at.
#pragma once

#include "policy/launch_filter.h"
#include "policy/trace_selection.h"

namespace capsule {

// Calls from another ABI (i386 int 0x80, x32) always stop: the selection names x86_64 calls, and a
// program that switches ABI is worth seeing whole. Throws std::runtime_error if libseccomp fails.
BpfProgram build_trace_filter(const TraceSelection& selection);

}  // namespace capsule
