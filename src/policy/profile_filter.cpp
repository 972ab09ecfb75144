#include "policy/profile_filter.h"

#include <sys/utsname.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>

#include "decode/capabilities.h"
#include "policy/seccomp_ctx.h"

namespace capsule {
namespace {

uint32_t action_value(const std::string& action, std::optional<uint32_t> errno_ret) {
  if (action == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
  if (action == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(errno_ret.value_or(EPERM));
  if (action == "SCMP_ACT_KILL" || action == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL_THREAD;
  if (action == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
  if (action == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
  if (action == "SCMP_ACT_TRAP") return SCMP_ACT_TRAP;
  throw ProfileError("unknown action '" + action + "'");  // parse_profile refused it already
}

scmp_compare compare_value(const std::string& op) {
  static const std::map<std::string, scmp_compare> ops{
      {"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
      {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
      {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  return ops.at(op);
}

// "5.10" ≤ the running kernel?
bool kernel_at_least(const HostFacts& host, const std::string& version, const std::string& where) {
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) < 1) profile_fail(where, "not a kernel version: '" + version + "'");
  return host.kernel_major > major || (host.kernel_major == major && host.kernel_minor >= minor);
}

bool has_all_caps(const HostFacts& host, const std::vector<std::string>& caps, const std::string& where) {
  for (size_t i = 0; i < caps.size(); ++i) {
    const int bit = capability_bit(caps[i]);
    if (bit < 0) profile_fail(where + "[" + std::to_string(i) + "]", "unknown capability '" + caps[i] + "'");
    if (((host.capabilities >> bit) & 1U) == 0) return false;
  }
  return true;
}

bool has_any_cap(const HostFacts& host, const std::vector<std::string>& caps, const std::string& where) {
  for (size_t i = 0; i < caps.size(); ++i) {
    const int bit = capability_bit(caps[i]);
    if (bit < 0) profile_fail(where + "[" + std::to_string(i) + "]", "unknown capability '" + caps[i] + "'");
    if ((host.capabilities >> bit) & 1U) return true;
  }
  return false;
}

bool host_arch_in(const HostFacts& host, const std::vector<std::string>& arches) {
  return std::any_of(arches.begin(), arches.end(), [&](const std::string& a) {
    return std::find(host.arches.begin(), host.arches.end(), a) != host.arches.end();
  });
}

// Docker's reading of includes/excludes: every included cap present, the host's architecture
// listed, the kernel new enough; excluded when any excluded cap is present or the arch listed.
bool rule_applies(const ProfileRule& r, const HostFacts& host) {
  const RuleFilter& in = r.includes;
  const RuleFilter& ex = r.excludes;
  if (!in.arches.empty() && !host_arch_in(host, in.arches)) return false;
  if (!in.caps.empty() && !has_all_caps(host, in.caps, r.where + ".includes.caps")) return false;
  if (!in.min_kernel.empty() && !kernel_at_least(host, in.min_kernel, r.where + ".includes.minKernel")) return false;
  if (!ex.arches.empty() && host_arch_in(host, ex.arches)) return false;
  if (!ex.caps.empty() && has_any_cap(host, ex.caps, r.where + ".excludes.caps")) return false;
  if (!ex.min_kernel.empty() && kernel_at_least(host, ex.min_kernel, r.where + ".excludes.minKernel")) return false;
  return true;
}

std::vector<uint32_t> filter_arches(const SeccompProfile& p) {
  std::vector<uint32_t> out;
  const auto add = [&](const std::string& name) {
    const uint32_t t = arch_token(name);
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const auto& a : p.architectures) add(a);
  // archMap lists, per native architecture, the ABIs its processes can also use.
  const uint32_t native = seccomp_arch_native();
  for (const auto& m : p.arch_map) {
    if (arch_token(m.architecture) != native) continue;
    add(m.architecture);
    for (const auto& s : m.sub_architectures) add(s);
  }
  return out;
}

void add_rule(scmp_filter_ctx ctx, uint32_t action, int nr, const std::vector<scmp_arg_cmp>& cmps,
              const std::string& where, const std::string& name) {
  const int rc = seccomp_rule_add_array(ctx, action, nr, static_cast<unsigned>(cmps.size()), cmps.data());
  if (rc < 0) profile_fail(where, "libseccomp refused the rule for '" + name + "': " + std::strerror(-rc));
}

}  // namespace

HostFacts current_host_facts() {
  HostFacts h;
#if defined(__x86_64__)
  h.arches = {"amd64", "x86_64"};
#elif defined(__aarch64__)
  h.arches = {"arm64", "aarch64"};
#endif
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) == 0) h.capabilities = std::stoull(line.substr(7), nullptr, 16);
  }
  utsname u{};
  if (::uname(&u) == 0) std::sscanf(u.release, "%d.%d", &h.kernel_major, &h.kernel_minor);
  return h;
}

bool known_syscall_name(const std::string& name) {
  return seccomp_syscall_resolve_name(name.c_str()) != __NR_SCMP_ERROR;
}

CompiledPolicy compile_profile(const SeccompProfile& profile, const HostFacts& host) {
  CompiledPolicy out;
  const uint32_t default_action = action_value(profile.default_action, profile.default_errno_ret);
  SeccompCtx ctx(seccomp_init(default_action));
  if (!ctx) throw ProfileError("defaultAction: libseccomp cannot use this action here");
  check_seccomp(seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "bad-arch action");
  // NO_NEW_PRIVS is capsule's decision (launch_filter.h), not libseccomp's, and the filter is
  // exported rather than loaded.
  check_seccomp(seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_NNP, 0), "nnp attribute");

  std::vector<uint32_t> arches = filter_arches(profile);
  if (arches.empty()) arches.push_back(seccomp_arch_native());
  // seccomp_init holds the native architecture; a profile that does not list it drops it.
  for (uint32_t a : arches) {
    const int rc = seccomp_arch_add(ctx.get(), a);
    if (rc < 0 && rc != -EEXIST) profile_fail("architectures", std::string("libseccomp cannot filter this architecture: ") + std::strerror(-rc));
  }
  if (std::find(arches.begin(), arches.end(), seccomp_arch_native()) == arches.end()) {
    check_seccomp(seccomp_arch_remove(ctx.get(), seccomp_arch_native()), "arch_remove");
  }

  for (const ProfileRule& r : profile.syscalls) {
    if (!rule_applies(r, host)) continue;
    const uint32_t action = action_value(r.action, r.errno_ret);
    if (action == default_action) continue;  // libseccomp refuses rules that change nothing
    std::vector<scmp_arg_cmp> cmps;
    std::array<int, 6> per_index{};
    for (const ArgCondition& c : r.args) {
      cmps.push_back(scmp_arg_cmp{c.index, compare_value(c.op), c.value, c.value_two});
      ++per_index[c.index];
    }
    // Several conditions on one argument cannot be ANDed by libseccomp; runc reads them as
    // alternatives (one rule each), and so does capsule.
    const bool alternatives = std::any_of(per_index.begin(), per_index.end(), [](int n) { return n > 1; });
    for (size_t i = 0; i < r.names.size(); ++i) {
      const std::string& name = r.names[i];
      const std::string where = r.where + ".names[" + std::to_string(i) + "]";
      if (!known_syscall_name(name)) profile_fail(where, "unknown syscall '" + name + "'");
      const int nr = seccomp_syscall_resolve_name(name.c_str());
      const bool here = std::any_of(arches.begin(), arches.end(), [&](uint32_t a) {
        return seccomp_syscall_resolve_name_arch(a, name.c_str()) >= 0;
      });
      if (!here) {
        out.warnings.push_back(where + ": '" + name + "' does not exist on the filtered architectures; skipped");
        continue;
      }
      if (alternatives) {
        for (const auto& c : cmps) add_rule(ctx.get(), action, nr, {c}, where, name);
      } else {
        add_rule(ctx.get(), action, nr, cmps, where, name);
      }
    }
  }
  out.program = export_seccomp_program(ctx.get());
  return out;
}

}  // namespace capsule
