#include "policy/trace_filter.h"

#include <seccomp.h>

#include <stdexcept>

#include "policy/seccomp_ctx.h"

namespace capsule {

BpfProgram build_trace_filter(const TraceSelection& selection) {
  // A negated selection is short as a list of exceptions: stop by default, let those run.
  const uint32_t fallback = selection.negated() ? SCMP_ACT_TRACE(0) : SCMP_ACT_ALLOW;
  const uint32_t listed = selection.negated() ? SCMP_ACT_ALLOW : SCMP_ACT_TRACE(0);
  SeccompCtx ctx(seccomp_init(fallback));
  if (!ctx) throw std::runtime_error("libseccomp: seccomp_init failed");
  // Only the native ABI is added: every call of another one takes the "bad arch" action.
  check_seccomp(seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(0)), "badarch action");
  for (const auto& name : selection.listed()) {
    if (selection.negated() && TraceSelection::always_recorded().count(name) > 0) continue;
    const int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name.c_str());
    if (nr < 0) continue;  // not an x86_64 call (a negative pseudo number): the ABI rule catches it
    check_seccomp(seccomp_rule_add(ctx.get(), listed, nr, 0), "trace rule");
  }
  if (!selection.negated()) {
    for (const auto& name : TraceSelection::always_recorded()) {
      const int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name.c_str());
      if (nr < 0 || selection.listed().count(name) > 0) continue;
      check_seccomp(seccomp_rule_add(ctx.get(), SCMP_ACT_TRACE(0), nr, 0), "trace rule");
    }
  }
  return export_seccomp_program(ctx.get());
}

}  // namespace capsule
