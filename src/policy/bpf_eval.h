// Runs a seccomp BPF program in user space, exactly as the kernel runs it at syscall entry.
//
// This is how capsule tells which calls its --policy refused: the tracer sees each call's
// entry (architecture, number, arguments: everything the filter reads), so evaluating the very
// program the kernel enforces gives the kernel's verdict without asking the kernel, and it stays
// right for argument conditions and for the default action. The other ways are worse:
// "failed with the policy's errno" cannot tell a refused call from one that failed on its own
// with the same errno; SECCOMP_RET_TRACE would make the filter depend on a tracer being present
// (the same profile would behave differently under podman) and costs a stop per refusal.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "policy/launch_filter.h"

namespace capsule {

// struct seccomp_data, the filter's only input.
struct SeccompData {
  int32_t nr = 0;
  uint32_t arch = 0;                  // AUDIT_ARCH_*
  uint64_t instruction_pointer = 0;
  uint64_t args[6] = {};
};

// The SECCOMP_RET_* value the program returns (an invalid program or access: kill-process, as the
// kernel's verifier would have refused to load it).
uint32_t evaluate_filter(std::span<const uint64_t> insns, const SeccompData& data);

// The action the kernel takes when several filters answer: the most restrictive one.
uint32_t stricter_action(uint32_t a, uint32_t b);

// True for actions that stop the call: kill (thread or process), trap, errno.
bool action_refuses(uint32_t action);
// True for the kill actions: the call never returns, its thread or process dies of SIGSYS.
bool action_kills(uint32_t action);

// The policy filters of one run, asked per syscall by the tracer.
class PolicyVerdicts {
 public:
  explicit PolicyVerdicts(std::vector<BpfProgram> filters) : filters_(std::move(filters)) {}
  uint32_t action(uint32_t arch, int32_t nr, const uint64_t (&args)[6]) const;
  bool refuses(uint32_t arch, int32_t nr, const uint64_t (&args)[6]) const {
    return action_refuses(action(arch, nr, args));
  }

 private:
  std::vector<BpfProgram> filters_;
};

}  // namespace capsule
