// capsule run --policy FILE: the policy read, checked and compiled before anything runs.
//
// Two formats (docs/POLICY.md): a capsule policy ({"capsule_policy":1, "seccomp":{…},
// "landlock":{…}, "egress":{…}}), or a bare Docker/OCI seccomp profile (the seccomp part alone).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policy/egress_policy.h"
#include "policy/landlock_policy.h"
#include "policy/landlock_ruleset.h"
#include "policy/launch_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {

struct LoadedPolicy {
  BpfProgram program;
  std::vector<std::string> warnings;  // names skipped on this architecture, positioned
  std::optional<LandlockPolicy> landlock;  // the file's Landlock part, if it has one
  std::optional<EgressPolicy> egress;      // its egress allow-list, if it has one (the tracer checks it)
  // The Landlock ruleset built for this kernel (run_command's prepare_landlock); null when the
  // policy has no Landlock part. Shared: the request that carries it is copied.
  std::shared_ptr<const LandlockEnforcement> landlock_enforced;
};

// Throws ProfileError("FILE: line 3 column 7: …" / "FILE: seccomp.syscalls[2].action: …") for
// anything that keeps the policy from being enforced as written, and when the file cannot be read.
LoadedPolicy load_policy_file(const std::string& path);

// A policy's text (either format) read: the seccomp part and the Landlock part.
struct ParsedPolicy {
  SeccompProfile seccomp;
  std::optional<LandlockPolicy> landlock;
  std::optional<EgressPolicy> egress;
  bool capsule_format = false;  // {"capsule_policy":1, …}: positions inside "seccomp" are prefixed
};
// Throws ProfileError, positioned, without the file name.
ParsedPolicy parse_policy_text(const std::string& text);

}  // namespace capsule
