// The seccomp filter every traced program inherits, built with libseccomp in capsule and installed
// by the child just before execve.
//
// It closes the ptrace escape through CLONE_UNTRACED: auto-attach skips a child cloned with that
// flag, so clone() with it is refused (EPERM), and clone3(), whose flags live in memory where BPF
// cannot look, is answered ENOSYS so that libc falls back to clone(). Later stages add to the same
// filter (--policy, --trace).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace capsule {

// How a filter was installed, recorded in the manifest: a filter needs NO_NEW_PRIVS unless capsule
// has CAP_SYS_ADMIN, and NO_NEW_PRIVS changes what setuid programs do.
enum class SeccompMode {
  None,            // no filter
  CapSysAdmin,     // installed with CAP_SYS_ADMIN: setuid programs behave as without capsule
  NoNewPrivs,      // installed under NO_NEW_PRIVS: setuid/setgid bits and file caps are ignored
};

std::string seccomp_mode_name(SeccompMode m);

// Raw BPF instructions (struct sock_filter, 8 bytes each) ready for seccomp(SECCOMP_SET_MODE_FILTER).
struct BpfProgram {
  std::vector<uint64_t> insns;
  bool empty() const { return insns.empty(); }
};

// The escape guard described above. Throws std::runtime_error if libseccomp fails.
BpfProgram build_escape_guard();

// True when the calling process has CAP_SYS_ADMIN in its effective set.
bool have_cap_sys_admin();
// Whether capsule holds capability number cap (CAP_SYS_PTRACE = 19, …) in its effective set.
bool have_capability(int cap);

}  // namespace capsule
