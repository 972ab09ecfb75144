// io_uring's operations are not system calls: no tracer sees them, and neither does the eBPF
// backend's kernel side. As the ptrace backend refuses io_uring_setup at its entry (ENOSYS, what
// a kernel without io_uring answers: programs fall back to plain calls), this backend has the held
// child install a one-rule seccomp filter before its execve, inherited by the whole tree.
// --allow-io-uring leaves it out (the run is then incomplete).
#pragma once

#include "policy/launch_filter.h"

namespace capsule {

// io_uring_setup -> ENOSYS, on every ABI an x86-64 process can call; everything else allowed.
// Throws std::runtime_error if libseccomp fails.
BpfProgram build_io_uring_refusal();

}  // namespace capsule
