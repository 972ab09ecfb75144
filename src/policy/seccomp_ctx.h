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

// Throws std::runtime_error("libseccomp: what: reason") when rc < 0.
void check_seccomp(int rc, const char* what);

// The filter as raw BPF (libseccomp 2.5 exports only to a file descriptor: a memfd, read back).
BpfProgram export_seccomp_program(scmp_filter_ctx ctx);

}  // namespace capsule
