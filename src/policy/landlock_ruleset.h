// The Landlock part of a policy made into a kernel ruleset in capsule (before fork), so that the
// child only calls landlock_restrict_self(fd) before execve: it must not allocate or open files.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "policy/landlock_policy.h"

namespace capsule {

// Landlock is missing or older than the policy needs, and --best-effort was not given.
class LandlockUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the kernel offers: its ABI version, 0 when Landlock is not there; why in `why` then
// ("not built into this kernel", "disabled at boot (lsm=)").
int landlock_kernel_abi(std::string& why);

struct LandlockEnforcement {
  UniqueFd ruleset;       // landlock_create_ruleset's fd; empty when nothing is enforced
  int abi = 0;            // the kernel's ABI
  bool fs = false;        // file rules enforced
  bool truncate = false;  // ... including truncation (ABI 3)
  bool net = false;       // TCP port rules enforced (ABI 4)
  std::vector<std::string> warnings;  // rules skipped (a path that does not exist), rights dropped
};

// Builds the ruleset for an ABI-`abi` kernel. With best_effort, what the kernel cannot enforce is
// left out with a warning; without, throws LandlockUnavailable ("the policy needs Landlock ABI 4
// (TCP port rules); this kernel has ABI 2"). Throws std::runtime_error when a syscall fails.
LandlockEnforcement build_landlock(const LandlockPolicy& p, int abi, const std::string& unavailable_why,
                                   bool best_effort);

// "landlock fs ABI 6, landlock net" / "no landlock": the words the manifest and summary use.
std::string landlock_enforced_text(const LandlockEnforcement& e);

}  // namespace capsule
