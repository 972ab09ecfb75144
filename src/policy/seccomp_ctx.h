// The libseccomp pieces every filter builder shares: an owned context, error checks, and export
// of the finished filter to raw BPF.
#pragma once

#include <seccomp.h>

#include <memory>

#include "policy/launch_filter.h"

namespace capsule {

struct SeccompCtxDeleter {
  void operator()(scmp_filter_ctx c) const { seccomp_release(c); }
};
using SeccompCtx = std::unique_ptr<void, SeccompCtxDeleter>;

// A context that allows everything, on every ABI the kernel accepts from an x86-64 process
// (x86-64, i386 through int 0x80, x32), so that no rule added to it can be gone round by changing
// ABI. Throws std::runtime_error if libseccomp fails.
SeccompCtx allow_all_abis_ctx();

// Throws std::runtime_error("libseccomp: what: reason") when rc < 0.
void check_seccomp(int rc, const char* what);

// The filter as raw BPF (libseccomp 2.5 exports only to a file descriptor: a memfd, read back).
BpfProgram export_seccomp_program(scmp_filter_ctx ctx);

}  // namespace capsule
