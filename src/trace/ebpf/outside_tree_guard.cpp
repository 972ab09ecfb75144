#include "trace/ebpf/outside_tree_guard.h"

#include <fcntl.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "policy/seccomp_ctx.h"
#include "trace/containment.h"

namespace capsule {

BpfProgram build_outside_tree_filter() {
  const SeccompCtx ctx = allow_all_abis_ctx();
  for (const OutsideTreeCall& c : outside_tree_calls()) {
    const int nr = seccomp_syscall_resolve_name(c.name);
    if (nr == __NR_SCMP_ERROR) throw std::runtime_error(std::string("libseccomp does not know ") + c.name);
    const std::string what = std::string(c.name) + " notification rule";
    if (c.nonzero >= 0) {
      // A 64-bit comparison: a superset of the kernel's int (a signal) or long (ptrace's request).
      const scmp_arg_cmp cmp{static_cast<unsigned>(c.nonzero), SCMP_CMP_NE, 0, 0};
      check_seccomp(seccomp_rule_add_array(ctx.get(), SCMP_ACT_NOTIFY, nr, 1, &cmp), what.c_str());
    } else if (c.open_flags >= 0) {
      // Read-only opens (the access mode O_RDONLY) stay in the kernel; every other mode notifies.
      for (const scmp_datum_t mode : {O_WRONLY, O_RDWR, O_ACCMODE}) {
        const scmp_arg_cmp cmp{static_cast<unsigned>(c.open_flags), SCMP_CMP_MASKED_EQ, O_ACCMODE, mode};
        check_seccomp(seccomp_rule_add_array(ctx.get(), SCMP_ACT_NOTIFY, nr, 1, &cmp), what.c_str());
      }
    } else {
      check_seccomp(seccomp_rule_add(ctx.get(), SCMP_ACT_NOTIFY, nr, 0), what.c_str());
    }
  }
  return export_seccomp_program(ctx.get());
}

}  // namespace capsule
