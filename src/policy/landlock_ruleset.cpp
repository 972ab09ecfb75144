#include "policy/landlock_ruleset.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <system_error>

#include "policy/landlock_abi.h"

namespace capsule {
namespace {

long create_ruleset(const void* attr, size_t size, uint32_t flags) {
  return ::syscall(SYS_landlock_create_ruleset, attr, size, flags);
}

void add_rule(int ruleset, int type, const void* attr, const std::string& what) {
  if (::syscall(SYS_landlock_add_rule, ruleset, type, attr, 0) != 0) {
    throw std::system_error(errno, std::generic_category(), "landlock_add_rule " + what);
  }
}

uint64_t fs_rights(const FsRule& r) {
  return (r.read ? landlock::kRead : 0) | (r.write ? landlock::kWrite : 0) | (r.execute ? landlock::kExecute : 0);
}

void add_fs_rules(const LandlockPolicy& p, LandlockEnforcement& e, uint64_t handled) {
  for (size_t i = 0; i < p.fs.size(); ++i) {
    const FsRule& r = p.fs[i];
    const UniqueFd fd(::open(r.path.c_str(), O_PATH | O_CLOEXEC));
    if (!fd) {
      // Fewer rights than the policy grants, never more: the program is refused there.
      e.warnings.push_back(fmt::format("landlock.fs[{}]: {}: {}; not granted", i, r.path, std::strerror(errno)));
      continue;
    }
    struct stat st {};
    uint64_t allowed = fs_rights(r) & handled;
    if (::fstat(fd.get(), &st) == 0 && !S_ISDIR(st.st_mode)) allowed &= landlock::kFileRights;
    if (allowed == 0) continue;
    landlock_path_beneath_attr attr{};
    attr.allowed_access = allowed;
    attr.parent_fd = fd.get();
    add_rule(e.ruleset.get(), LANDLOCK_RULE_PATH_BENEATH, &attr, r.path);
  }
}

void add_net_rules(const NetRules& n, LandlockEnforcement& e) {
  std::map<uint16_t, uint64_t> rights;
  for (uint16_t port : n.bind_tcp) rights[port] |= landlock::kNetBindTcp;
  for (uint16_t port : n.connect_tcp) rights[port] |= landlock::kNetConnectTcp;
  for (const auto& [port, allowed] : rights) {
    const landlock::NetPortAttr attr{allowed, port};
    add_rule(e.ruleset.get(), landlock::kRuleNetPort, &attr, fmt::format("port {}", port));
  }
}

}  // namespace

int landlock_kernel_abi(std::string& why) {
  const long abi = create_ruleset(nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi >= 0) return static_cast<int>(abi);
  why = errno == EOPNOTSUPP ? "Landlock is disabled on this kernel (not in lsm= at boot)"
                            : fmt::format("Landlock is not available: {}", std::strerror(errno));
  return 0;
}

LandlockEnforcement build_landlock(const LandlockPolicy& p, int abi, const std::string& unavailable_why,
                                   bool best_effort) {
  const int needed = required_landlock_abi(p);
  if (abi < needed && !best_effort) {
    const std::string what = p.net ? "file and TCP port rules" : "file rules with truncation";
    throw LandlockUnavailable(abi == 0 ? fmt::format("the policy needs Landlock ABI {} ({}); {}", needed, what,
                                                     unavailable_why)
                                       : fmt::format("the policy needs Landlock ABI {} ({}); this kernel has ABI {}",
                                                     needed, what, abi));
  }
  LandlockEnforcement e;
  e.abi = abi;
  if (abi < 1) {
    e.warnings.push_back(fmt::format("--best-effort: {}; no file or network rules enforced", unavailable_why));
    return e;
  }
  landlock::RulesetAttr attr;
  attr.handled_access_fs = landlock::fs_rights_of_abi(abi);
  if (p.net && abi >= 4) attr.handled_access_net = landlock::kNetBindTcp | landlock::kNetConnectTcp;
  if (p.net && abi < 4) e.warnings.push_back(fmt::format("--best-effort: Landlock ABI {} has no TCP port rules; network not restricted", abi));
  if (abi < 3) e.warnings.push_back(fmt::format("--best-effort: Landlock ABI {} cannot refuse truncation", abi));
  const size_t size = attr.handled_access_net != 0 ? sizeof attr : sizeof attr.handled_access_fs;
  const long fd = create_ruleset(&attr, size, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "landlock_create_ruleset");
  e.ruleset.reset(static_cast<int>(fd));
  add_fs_rules(p, e, attr.handled_access_fs);
  if (attr.handled_access_net != 0) add_net_rules(*p.net, e);
  e.fs = true;
  e.truncate = abi >= 3;
  e.net = attr.handled_access_net != 0;
  return e;
}

std::string landlock_enforced_text(const LandlockEnforcement& e) {
  if (!e.fs) return "no landlock";
  return fmt::format("landlock fs ABI {}{}", e.abi, e.net ? ", landlock net" : "");
}

}  // namespace capsule
