// What a policy would refuse of a recorded call: the one evaluator behind `run --policy-mode
// complain` and `capsule policy check` (docs/POLICY.md, "Complain mode and policy check").
//
// The seccomp part runs the policy's own BPF program in user space (bpf_eval.h) on the call's
// architecture, number and the argument registers the record keeps: every scalar argument (ints,
// flags, fds, modes) is recorded with its value; a pointer is recorded as what it points to, so its
// register is taken as 0. Seccomp cannot read memory, and profiles (capsule's own, Docker's)
// compare only scalar arguments, so the verdict is the kernel's for them. The Landlock part asks
// the policy's rules (landlock_judge.h) about the path or TCP port of a call that reached
// Landlock's check (it did not fail before it, ENOENT and the like).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "event/syscall_event.h"
#include "policy/bpf_eval.h"
#include "policy/landlock_judge.h"
#include "policy/policy_file.h"

namespace capsule {

struct PolicyRefusal {
  DenyReason by = DenyReason::Policy;  // Policy: the seccomp part; Landlock: the file or port rules
  LandlockAsk ask;                     // Landlock: the path (absolute) or TCP port; seccomp: kind None
};

// "seccomp" or "landlock": the words the findings and the end-of-run line use.
const char* refusal_part(DenyReason by);

class PolicyEvaluator {
 public:
  // The Landlock port rules count when the policy has them (net_enforced false: the kernel had none).
  explicit PolicyEvaluator(const LoadedPolicy& policy, bool net_enforced = true);

  // ev as recorded (decoded arguments, fd_refs named); cwd: its process's working directory then.
  // nullopt when the policy lets the call through.
  std::optional<PolicyRefusal> refusal(const SyscallEvent& ev, std::string_view cwd) const;

 private:
  PolicyVerdicts seccomp_;
  std::optional<LandlockJudge> landlock_;
};

}  // namespace capsule
