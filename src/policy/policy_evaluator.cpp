#include "policy/policy_evaluator.h"

#include <cerrno>

#include <algorithm>
#include <array>

#include "decode/names.h"

namespace capsule {
namespace {

// Errors a path call meets before Landlock's check (nothing there, a bad argument): the call fails
// the same way under the rules. EACCES is judged, as the tracer judges it under enforcement.
constexpr std::array<int, 6> kBeforeLandlock{ENOENT, ENOTDIR, ENAMETOOLONG, EFAULT, EINVAL, EBADF};

// The registers a record keeps: scalar arguments carry their value; pointers (strings, structs,
// arrays) are recorded as what they point to, and count as 0.
void fill_args(const SyscallEvent& ev, uint64_t (&args)[6]) {
  for (size_t i = 0; i < 6 && i < ev.args.size(); ++i) {
    const Arg& a = ev.args[i];
    switch (a.kind) {
      case ArgKind::Int: case ArgKind::UInt: case ArgKind::Hex: case ArgKind::Octal:
      case ArgKind::Fd: case ArgKind::Symbol:
        args[i] = static_cast<uint64_t>(a.num);
        break;
      default:
        args[i] = 0;
    }
  }
}

}  // namespace

const char* refusal_part(DenyReason by) { return by == DenyReason::Landlock ? "landlock" : "seccomp"; }

PolicyEvaluator::PolicyEvaluator(const LoadedPolicy& policy, bool net_enforced)
    : seccomp_(std::vector<BpfProgram>{policy.program}) {
  if (policy.landlock) landlock_.emplace(*policy.landlock, net_enforced);
}

std::optional<PolicyRefusal> PolicyEvaluator::refusal(const SyscallEvent& ev, std::string_view cwd) const {
  if (ev.type != EventType::Syscall) return std::nullopt;
  const int nr = ev.nr >= 0 ? ev.nr : syscall_number(ev.arch, ev.name);
  if (nr >= 0) {
    uint64_t args[6] = {};
    fill_args(ev, args);
    if (seccomp_.refuses(ev.arch, nr, args)) return PolicyRefusal{DenyReason::Policy, {}};
  }
  if (!landlock_ || (ev.has_ret && ev.err != 0 &&
                     std::find(kBeforeLandlock.begin(), kBeforeLandlock.end(), ev.err) != kBeforeLandlock.end())) {
    return std::nullopt;
  }
  const LandlockAsk ask = recorded_ask(ev, cwd);
  if (!landlock_->refuses(ask)) return std::nullopt;
  return PolicyRefusal{DenyReason::Landlock, ask};
}

}  // namespace capsule
