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

const char* refusal_part(DenyReason by) {
  return by == DenyReason::Landlock ? "landlock" : by == DenyReason::Egress ? "egress" : "seccomp";
}

std::string refusal_key(DenyReason by, std::string_view syscall) {
  if (by == DenyReason::Policy) return std::string(syscall);
  return std::string(refusal_part(by)) + ":" + std::string(syscall);
}

std::string refusal_target(const PolicyRefusal& r) {
  if (r.destination) return destination_text(*r.destination);
  if (r.ask.kind == LandlockAsk::Path) return r.ask.path;
  if (r.ask.kind == LandlockAsk::Bind || r.ask.kind == LandlockAsk::Connect) return "port " + std::to_string(r.ask.port);
  return {};
}

std::optional<Destination> egress_refusal(const EgressPolicy& p, const SyscallEvent& ev, const HostOf& host_of) {
  auto d = egress_destination(ev);
  if (!d) return std::nullopt;
  const std::string_view name = host_of ? host_of(d->ip) : std::string_view();
  if (egress_allows(p, *d, name)) return std::nullopt;
  return d;
}

PolicyEvaluator::PolicyEvaluator(const LoadedPolicy& policy, bool net_enforced)
    : seccomp_(std::vector<BpfProgram>{policy.program}), egress_(policy.egress) {
  if (policy.landlock) landlock_.emplace(*policy.landlock, net_enforced);
}

std::optional<PolicyRefusal> PolicyEvaluator::refusal(const SyscallEvent& ev, std::string_view cwd,
                                                      const HostOf& host_of) const {
  if (ev.type != EventType::Syscall) return std::nullopt;
  const int nr = ev.nr >= 0 ? ev.nr : syscall_number(ev.arch, ev.name);
  if (nr >= 0) {
    uint64_t args[6] = {};
    fill_args(ev, args);
    if (seccomp_.refuses(ev.arch, nr, args)) return PolicyRefusal{DenyReason::Policy, {}, std::nullopt};
  }
  // Judged at the entry, whatever the call then returned (a refused call returned EACCES).
  if (egress_) {
    // i386's socketcall is not read: the tracer refuses it outright (egress_guard.h).
    if (ev.name == "socketcall") return PolicyRefusal{DenyReason::Egress, {}, std::nullopt};
    if (auto d = egress_refusal(*egress_, ev, host_of)) return PolicyRefusal{DenyReason::Egress, {}, std::move(d)};
  }
  if (!landlock_ || (ev.has_ret && ev.err != 0 &&
                     std::find(kBeforeLandlock.begin(), kBeforeLandlock.end(), ev.err) != kBeforeLandlock.end())) {
    return std::nullopt;
  }
  const LandlockAsk ask = recorded_ask(ev, cwd);
  if (!landlock_->refuses(ask)) return std::nullopt;
  return PolicyRefusal{DenyReason::Landlock, ask, std::nullopt};
}

}  // namespace capsule
