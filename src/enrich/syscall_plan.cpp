#include "enrich/syscall_plan.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "decode/names.h"

namespace capsule {
namespace {

int param_index(const SyscallSignature& sig, std::string_view name) {
  for (uint8_t i = 0; i < sig.nargs; ++i) {
    if (sig.params[i].name == name) return i;
  }
  return -1;
}

SyscallPlan make_plan(std::string_view name, const SyscallSignature* sig) {
  SyscallPlan plan;
  plan.name = name;
  plan.rule = find_rule(name);
  plan.sig = sig;
  if (sig == nullptr) return plan;
  plan.fd_params = sig->fd_params;
  for (uint8_t i = 0; i < sig->nargs; ++i) {
    const ArgType t = sig->params[i].type;
    if (t == ArgType::Ptr || t == ArgType::MsgHdrIn || t == ArgType::MsgHdrOut || t == ArgType::MmsgHdrIn ||
        t == ArgType::MmsgHdrOut) {
      plan.fd_params |= static_cast<uint8_t>(1u << i);
    }
  }
  plan.checked = plan.fd_params;
  for (uint8_t i = 0; i < sig->nargs; ++i) {
    for (const PathArgName& p : kPathArgNames) {
      if (sig->params[i].name != p.name || plan.n_paths == plan.paths.size()) continue;
      const int dirfd = param_index(*sig, p.dirfd);
      plan.paths[plan.n_paths++] = PathParam{i, static_cast<int8_t>(dirfd)};
      plan.checked |= static_cast<uint8_t>(1u << i);
      if (dirfd >= 0) plan.checked |= static_cast<uint8_t>(1u << dirfd);
    }
  }
  return plan;
}

constexpr int kMaxNumber = 1024;  // the range names.cpp and signatures.cpp index

struct Plans {
  // By number, per architecture; `named` says whether the slot is in use.
  std::array<std::vector<SyscallPlan>, 2> by_number;
  std::array<std::vector<std::string_view>, 2> names;
  std::unordered_map<std::string_view, SyscallPlan> by_name;
  SyscallPlan unknown;

  Plans() {
    const uint32_t arches[2] = {kArchX86_64, kArchI386};
    for (size_t a = 0; a < 2; ++a) {
      by_number[a].resize(kMaxNumber);
      names[a].resize(kMaxNumber);
      for (int nr = 0; nr < kMaxNumber; ++nr) {
        const std::string_view name = syscall_name(arches[a], nr);
        if (name.empty()) continue;
        names[a][nr] = name;
        by_number[a][nr] = make_plan(name, find_signature(arches[a], nr));
      }
    }
    for (const SyscallSignature& row : all_signatures()) {
      by_name.emplace(row.name, make_plan(row.name, row.decoded ? &row : nullptr));
    }
  }
};

const Plans& plans() {
  static const Plans kPlans;  // immutable after first use
  return kPlans;
}

int arch_slot(uint32_t arch) {
  if (arch == kArchX86_64) return 0;
  if (arch == kArchI386) return 1;
  return -1;
}

}  // namespace

const SyscallPlan& plan_for(const SyscallEvent& ev) {
  const Plans& p = plans();
  const int slot = arch_slot(ev.arch);
  if (slot >= 0 && ev.nr >= 0 && ev.nr < kMaxNumber) {
    const auto nr = static_cast<size_t>(ev.nr);
    if (p.names[slot][nr] == ev.name) return p.by_number[slot][nr];
  }
  const auto it = p.by_name.find(ev.name);
  return it == p.by_name.end() ? p.unknown : it->second;
}

bool laid_out_as(const SyscallPlan& plan, const SyscallEvent& ev) {
  if (plan.sig == nullptr || ev.args.size() > plan.sig->nargs) return false;
  for (uint8_t bits = plan.checked, i = 0; bits != 0; bits >>= 1, ++i) {
    if ((bits & 1u) != 0 && i < ev.args.size() && ev.args[i].name != plan.sig->params[i].name) return false;
  }
  return true;
}

}  // namespace capsule
