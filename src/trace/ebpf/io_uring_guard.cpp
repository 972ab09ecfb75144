#include "trace/ebpf/io_uring_guard.h"

#include <cerrno>
#include <stdexcept>

#include "policy/seccomp_ctx.h"

namespace capsule {

BpfProgram build_io_uring_refusal() {
  SeccompCtx ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) throw std::runtime_error("libseccomp: seccomp_init failed");
  for (uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32}) {
    const int rc = seccomp_arch_add(ctx.get(), arch);
    if (rc != -EEXIST) check_seccomp(rc, "arch_add");
  }
  check_seccomp(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(io_uring_setup), 0), "io_uring_setup rule");
  return export_seccomp_program(ctx.get());
}

}  // namespace capsule
