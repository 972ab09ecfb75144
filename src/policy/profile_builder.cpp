#include "policy/profile_builder.h"

#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <stdexcept>

#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "policy/profile_filter.h"

namespace capsule {
namespace {

ProfileRule allow(std::vector<std::string> names) {
  ProfileRule r;
  r.names = std::move(names);
  r.action = "SCMP_ACT_ALLOW";
  return r;
}

std::string default_action_name(const std::string& option) {
  if (option == "errno") return "SCMP_ACT_ERRNO";
  if (option == "kill") return "SCMP_ACT_KILL_PROCESS";
  if (option == "log") return "SCMP_ACT_LOG";
  throw std::invalid_argument("unknown default action '" + option + "' (errno, kill or log)");
}

// mmap & co. allowed only while prot is not both writable and executable: the masked prot is
// 0, PROT_WRITE or PROT_EXEC (MASKED_EQ reads value as the mask and valueTwo as the datum).
std::vector<ProfileRule> write_xor_exec_rules(const std::string& name) {
  std::vector<ProfileRule> out;
  constexpr uint64_t kMask = PROT_WRITE | PROT_EXEC;
  for (uint64_t datum : {uint64_t{0}, uint64_t{PROT_WRITE}, uint64_t{PROT_EXEC}}) {
    ProfileRule r = allow({name});
    r.args.push_back(ArgCondition{2, kMask, datum, "SCMP_CMP_MASKED_EQ"});
    r.comment = "--strict: never writable and executable at once";
    out.push_back(std::move(r));
  }
  return out;
}

nlohmann::ordered_json filter_json(const RuleFilter& f) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (!f.arches.empty()) j["arches"] = f.arches;
  if (!f.caps.empty()) j["caps"] = f.caps;
  if (!f.min_kernel.empty()) j["minKernel"] = f.min_kernel;
  return j;
}

}  // namespace

const std::vector<std::string>& launcher_syscalls() {
  static const std::vector<std::string> names{"execve", "exit_group", "write"};
  return names;
}

const std::vector<std::string>& basic_syscalls() {
  static const std::vector<std::string> names{"exit", "exit_group", "restart_syscall", "rt_sigreturn"};
  return names;
}

const std::vector<std::string>& container_runtime_syscalls() {
  static const std::vector<std::string> names{"close", "fstatfs", "futex", "getdents64", "openat"};
  return names;
}

std::vector<std::string> drop_unknown_syscalls(Observations& obs) {
  std::vector<std::string> dropped;
  for (auto it = obs.syscalls.begin(); it != obs.syscalls.end();) {
    if (known_syscall_name(it->first)) {
      ++it;
      continue;
    }
    dropped.push_back(it->first);
    it = obs.syscalls.erase(it);
  }
  return dropped;
}

SeccompProfile build_profile(const Observations& obs, const ProfileOptions& opts) {
  SeccompProfile p;
  p.default_action = default_action_name(opts.default_action);
  if (p.default_action == "SCMP_ACT_ERRNO") p.default_errno_ret = EPERM;
  if (obs.syscalls.empty()) throw std::runtime_error("the runs made no syscalls: the profile would allow nothing");
  // Docker's list for amd64: the native ABI and the two a 64-bit process can also call with.
  p.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};

  std::set<std::string> plain;
  for (const auto& [name, use] : obs.syscalls) plain.insert(name);
  for (const auto& n : launcher_syscalls()) plain.insert(n);
  for (const auto& n : basic_syscalls()) plain.insert(n);
  for (const auto& n : container_runtime_syscalls()) plain.insert(n);

  // Socket domains as conditions only when every one seen could be read back.
  const bool socket_conditioned = plain.count("socket") && !obs.socket_domain_unknown && !obs.socket_domains.empty();
  if (socket_conditioned) plain.erase("socket");
  std::vector<std::string> strict_names;
  if (opts.strict) {
    for (const auto& n : plain) {
      if (is_prot_syscall(n) && !obs.write_exec_seen.count(n)) strict_names.push_back(n);
    }
    for (const auto& n : strict_names) plain.erase(n);
  }

  // clone3 and clone make the same processes: which one libc uses depends on who refuses clone3
  // (ptrace's escape guard does, with ENOSYS; the eBPF backend does not). A profile recorded
  // where clone3 ran must still run where libc falls back to clone.
  if (plain.count("clone3")) plain.insert("clone");
  p.syscalls.push_back(allow({plain.begin(), plain.end()}));
  if (socket_conditioned) {
    for (uint64_t domain : obs.socket_domains) {
      ProfileRule r = allow({"socket"});
      r.args.push_back(ArgCondition{0, domain, 0, "SCMP_CMP_EQ"});
      if (const FlagName* f = find_constant(tables::kAddressFamilies, domain)) r.comment = std::string(f->name);
      p.syscalls.push_back(std::move(r));
    }
  }
  for (const auto& n : strict_names) {
    for (auto& r : write_xor_exec_rules(n)) p.syscalls.push_back(std::move(r));
  }
  if (!obs.syscalls.count("clone3")) {
    // glibc tries clone3 first and falls back to clone only on ENOSYS.
    ProfileRule r;
    r.names = {"clone3"};
    r.action = "SCMP_ACT_ERRNO";
    r.errno_ret = ENOSYS;
    r.comment = "not seen: ENOSYS, so that libc falls back to clone";
    p.syscalls.push_back(std::move(r));
  }
  for (size_t i = 0; i < p.syscalls.size(); ++i) p.syscalls[i].where = "syscalls[" + std::to_string(i) + "]";
  return p;
}

namespace {

nlohmann::ordered_json profile_json(const SeccompProfile& p) {
  nlohmann::ordered_json j;
  j["defaultAction"] = p.default_action;
  if (p.default_errno_ret) j["defaultErrnoRet"] = *p.default_errno_ret;
  j["architectures"] = p.architectures;
  if (!p.arch_map.empty()) {
    auto& maps = j["archMap"] = nlohmann::ordered_json::array();
    for (const auto& m : p.arch_map) {
      maps.push_back({{"architecture", m.architecture}, {"subArchitectures", m.sub_architectures}});
    }
  }
  auto& rules = j["syscalls"] = nlohmann::ordered_json::array();
  for (const ProfileRule& r : p.syscalls) {
    nlohmann::ordered_json rule;
    rule["names"] = r.names;
    rule["action"] = r.action;
    if (r.errno_ret) rule["errnoRet"] = *r.errno_ret;
    if (!r.args.empty()) {
      auto& args = rule["args"] = nlohmann::ordered_json::array();
      for (const ArgCondition& c : r.args) {
        args.push_back({{"index", c.index}, {"value", c.value}, {"valueTwo", c.value_two}, {"op", c.op}});
      }
    }
    if (!r.comment.empty()) rule["comment"] = r.comment;
    if (!r.includes.empty()) rule["includes"] = filter_json(r.includes);
    if (!r.excludes.empty()) rule["excludes"] = filter_json(r.excludes);
    rules.push_back(std::move(rule));
  }
  return j;
}

}  // namespace

std::string render_profile(const SeccompProfile& p, const nlohmann::ordered_json& metadata) {
  nlohmann::ordered_json j = profile_json(p);
  if (!metadata.is_null()) j["capsule"] = metadata;
  return j.dump(2) + "\n";
}

std::string render_policy(const SeccompProfile& profile, const LandlockPolicy& landlock, const EgressPolicy& egress,
                          const nlohmann::ordered_json& metadata) {
  nlohmann::ordered_json j;
  j["capsule_policy"] = 1;
  j["seccomp"] = profile_json(profile);
  j["landlock"] = landlock_json(landlock);
  j["egress"] = egress_json(egress);
  if (!metadata.is_null()) j["capsule"] = metadata;
  return j.dump(2) + "\n";
}

std::string render_summary(const Observations& obs, const SeccompProfile& profile) {
  size_t width = 7;
  for (const auto& [name, use] : obs.syscalls) width = std::max(width, name.size());
  std::string out = "SYSCALL" + std::string(width - 7 + 2, ' ') + "   COUNT  FIRST SEEN IN\n";
  const auto pad = [](std::string s, size_t w, bool right) {
    if (s.size() >= w) return s;
    return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
  };
  for (const auto& [name, use] : obs.syscalls) {
    out += pad(name, width + 2, false) + pad(std::to_string(use.count), 8, true) + "  " +
           (use.first_exe.empty() ? "?" : use.first_exe) + " (run " + use.first_run.substr(0, 8) + ", seq " +
           std::to_string(use.first_seq) + ")\n";
  }
  std::set<std::string> extra;
  for (const auto& n : launcher_syscalls()) if (!obs.syscalls.count(n)) extra.insert(n);
  for (const auto& n : basic_syscalls()) if (!obs.syscalls.count(n)) extra.insert(n);
  for (const auto& n : container_runtime_syscalls()) if (!obs.syscalls.count(n)) extra.insert(n);
  for (const auto& n : extra) {
    out += pad(n, width + 2, false) + pad("0", 8, true) + "  (allowed: needed by capsule's launcher, every process or an OCI runtime)\n";
  }
  if (!obs.socket_domains.empty() && !obs.socket_domain_unknown) {
    out += "socket domains allowed:";
    for (uint64_t d : obs.socket_domains) {
      const FlagName* f = find_constant(tables::kAddressFamilies, d);
      out += " " + (f ? std::string(f->name) : std::to_string(d));
    }
    out += "\n";
  }
  if (obs.denied_ignored > 0) out += std::to_string(obs.denied_ignored) + " calls refused by a policy in these runs were not allowed\n";
  out += "default action: " + profile.default_action + "\n";
  return out;
}

}  // namespace capsule
