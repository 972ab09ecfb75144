// What a policy would refuse of a recorded call: the one evaluator behind `run --policy-mode
// complain`, `capsule policy check` and the tracer's egress check (docs/POLICY.md, "Complain mode
// and policy check").
//
// The seccomp part runs the policy's own BPF program in user space (bpf_eval.h) on the call's
// architecture, number and the argument registers the record keeps: every scalar argument (ints,
// flags, fds, modes) is recorded with its value; a pointer is recorded as what it points to, so its
// register is taken as 0. Seccomp cannot read memory, and profiles (capsule's own, Docker's)
// compare only scalar arguments, so the verdict is the kernel's for them. The egress part asks the
// allow-list about the call's destination (egress_policy.h). The Landlock part asks the policy's
// rules (landlock_judge.h) about the path or TCP port of a call that reached Landlock's check (it
// did not fail before it, ENOENT and the like). In that order, the order they act in: seccomp in
// the kernel at entry, then the tracer at the entry stop, then Landlock inside the call.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "event/syscall_event.h"
#include "policy/bpf_eval.h"
#include "policy/egress_policy.h"
#include "policy/landlock_judge.h"
#include "policy/policy_file.h"

namespace capsule {

struct PolicyRefusal {
  DenyReason by = DenyReason::Policy;  // Policy: the seccomp part; Landlock: file or port rules; Egress
  LandlockAsk ask;                     // Landlock: the path (absolute) or TCP port; else kind None
  std::optional<Destination> destination;  // Egress: where the call was going
};

// "seccomp", "landlock" or "egress": the words the findings and the end-of-run line use.
const char* refusal_part(DenyReason by);
// How refusals are counted by call: "openat" (seccomp), "landlock:openat", "egress:connect".
std::string refusal_key(DenyReason by, std::string_view syscall);
// What was refused, for the lines that list calls: "/etc/shadow", "port 8443", "127.0.0.1:9", or "".
std::string refusal_target(const PolicyRefusal& r);

// The name the run was told an address stands for ("" when none): Enricher::host_of, or the
// tracer's own table of the names the run has seen so far.
using HostOf = std::function<std::string_view(std::string_view ip)>;

// The egress verdict on one call (decoded at its entry, or recorded): the destination refused, or
// nullopt. Shared by the evaluator and the tracer, so that both judge alike.
std::optional<Destination> egress_refusal(const EgressPolicy& p, const SyscallEvent& ev, const HostOf& host_of);

class PolicyEvaluator {
 public:
  // The Landlock port rules count when the policy has them (net_enforced false: the kernel had none).
  explicit PolicyEvaluator(const LoadedPolicy& policy, bool net_enforced = true);

  // ev as recorded (decoded arguments, fd_refs named); cwd: its process's working directory then;
  // host_of: names for destinations (empty: none). nullopt when the policy lets the call through.
  std::optional<PolicyRefusal> refusal(const SyscallEvent& ev, std::string_view cwd, const HostOf& host_of = {}) const;

 private:
  PolicyVerdicts seccomp_;
  std::optional<EgressPolicy> egress_;
  std::optional<LandlockJudge> landlock_;
};

}  // namespace capsule
