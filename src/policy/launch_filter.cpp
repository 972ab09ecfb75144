#include "policy/launch_filter.h"

#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "policy/seccomp_ctx.h"

namespace capsule {

std::string seccomp_mode_name(SeccompMode m) {
  switch (m) {
    case SeccompMode::None: return "none";
    case SeccompMode::CapSysAdmin: return "filter (CAP_SYS_ADMIN, no NO_NEW_PRIVS)";
    case SeccompMode::NoNewPrivs: return "filter with NO_NEW_PRIVS";
  }
  return "unknown";
}

BpfProgram build_escape_guard() {
  // Every ABI, so that int 0x80 (i386) and x32 calls cannot go round the rule.
  const SeccompCtx ctx = allow_all_abis_ctx();
  // Refusals return an errno rather than kill: the syscall-exit stop then shows the attempt, so the
  // log records what the program tried.
  check_seccomp(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                         SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_UNTRACED, CLONE_UNTRACED)),
        "clone rule");
  check_seccomp(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3 rule");
  return export_seccomp_program(ctx.get());
}

bool have_capability(int cap) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      const unsigned long long caps = std::stoull(line.substr(7), nullptr, 16);
      return (caps >> cap) & 1ULL;
    }
  }
  return false;
}

bool have_cap_sys_admin() { return have_capability(21); }  // CAP_SYS_ADMIN

}  // namespace capsule
