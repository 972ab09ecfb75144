// Tells a Landlock refusal from any other EACCES: Landlock answers EACCES, as file permissions do,
// so a call is counted as refused by the policy only when it failed with EACCES and the policy's
// rules do not grant what it asked (a path and the access, or a TCP port). The event is then
// marked denied by "landlock" (seccomp refusals stay "policy").
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "event/syscall_event.h"
#include "policy/landlock_policy.h"

namespace capsule {

enum class FsAccess { Read, Write, Execute };

// What a path-taking or socket call asks of Landlock, read from its decoded arguments.
struct LandlockAsk {
  enum Kind { None, Path, Bind, Connect } kind = None;
  std::string path;        // absolute, as resolved (Path)
  FsAccess access = FsAccess::Read;
  uint16_t port = 0;       // Bind, Connect
};

// What a recorded call asked (events read back, or the pipeline's): relative paths are resolved
// against the dirfd's or AT_FDCWD's name in ev.fd_refs, else against cwd (the caller's working
// directory at the time, from the enricher).
LandlockAsk recorded_ask(const SyscallEvent& ev, std::string_view cwd);

class LandlockJudge {
 public:
  // Only what was enforced: pass net_enforced false when the kernel had no port rules.
  LandlockJudge(LandlockPolicy policy, bool net_enforced);

  // Whether the policy refuses the ask (a path is compared after resolving symlinks).
  bool refuses(const LandlockAsk& ask) const;

  // For a live call of thread tid that failed with EACCES: relative paths are resolved against
  // the thread's cwd or dirfd (/proc), so call it while the thread is stopped at the exit.
  bool refuses_live(const SyscallEvent& ev, pid_t tid) const;

 private:
  bool grants(const std::string& path, FsAccess a) const;
  LandlockPolicy policy_;
  bool net_;
};

}  // namespace capsule
