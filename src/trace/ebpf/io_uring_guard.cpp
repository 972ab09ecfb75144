#include "trace/ebpf/io_uring_guard.h"

#include <cerrno>
#include <stdexcept>

#include "policy/seccomp_ctx.h"

namespace capsule {

BpfProgram build_io_uring_refusal() {
  const SeccompCtx ctx = allow_all_abis_ctx();
  check_seccomp(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(io_uring_setup), 0), "io_uring_setup rule");
  return export_seccomp_program(ctx.get());
}

}  // namespace capsule
