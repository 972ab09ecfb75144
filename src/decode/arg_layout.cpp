#include "decode/arg_layout.h"

#include <linux/membarrier.h>
#include <sched.h>

#include "decode/futex_layout.h"
#include "decode/keyctl_layout.h"
#include "decode/prctl_layout.h"
#include "decode/signatures.h"

namespace capsule {
namespace {


// strace's clone.c shows the stack and the flags always, and each pointer only when a flag makes
// the kernel use it. By name: i386's row has tls before child_tid.
uint8_t clone_shown(const SyscallSignature& sig, uint64_t flags) {
  uint8_t shown = 0;
  for (size_t i = 0; i < sig.nargs; ++i) {
    const std::string_view name = sig.params[i].name;
    bool used = true;
    if (name == "parent_tid") used = (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) != 0;
    if (name == "child_tid") used = (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0;
    if (name == "tls") used = (flags & CLONE_SETTLS) != 0;
    if (used) shown |= param_bit(static_cast<int>(i));
  }
  return shown;
}

constexpr StraceNamedParam kCloneNamed[] = {
    {"stack", "child_stack"}, {"flags", "flags"}, {"parent_tid", "parent_tid"},
    {"tls", "tls"}, {"child_tid", "child_tidptr"},
};

}  // namespace

int layout_selector(const SyscallSignature& sig) {
  for (size_t i = 0; i < sig.nargs; ++i) {
    const ArgType t = sig.params[i].type;
    if (t == ArgType::FutexOp || t == ArgType::CloneFlags || t == ArgType::PrctlOption ||
        t == ArgType::KeyctlCmd || t == ArgType::MembarrierFlags) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

uint8_t shown_params(const SyscallSignature& sig, uint64_t selector) {
  auto all = static_cast<uint8_t>((1u << sig.nargs) - 1);
  for (size_t i = 0; i < sig.nargs; ++i) {
    if (sig.params[i].type == ArgType::Unshown) all = static_cast<uint8_t>(all & ~param_bit(static_cast<int>(i)));
  }
  const int at = layout_selector(sig);
  if (at < 0) return all;
  switch (sig.params[static_cast<size_t>(at)].type) {
    case ArgType::CloneFlags: return clone_shown(sig, selector);
    case ArgType::PrctlOption: return static_cast<uint8_t>(prctl_layout(selector).shown & all);
    case ArgType::KeyctlCmd: return static_cast<uint8_t>(keyctl_layout(selector).shown & all);
    // membarrier's cpu_id only with MEMBARRIER_CMD_FLAG_CPU, as strace shows it.
    case ArgType::MembarrierFlags:
      return (selector & MEMBARRIER_CMD_FLAG_CPU) != 0 ? all : static_cast<uint8_t>(all & ~param_bit(2));
    default: return static_cast<uint8_t>(futex_layout(selector).shown & all);
  }
}

std::span<const StraceNamedParam> strace_named_params(std::string_view syscall) {
  if (syscall == "clone") return kCloneNamed;
  return {};
}

}  // namespace capsule
