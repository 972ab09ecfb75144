// capsule run --policy FILE: the profile read, checked and compiled before anything runs.
#pragma once

#include <string>
#include <vector>

#include "policy/launch_filter.h"

namespace capsule {

struct LoadedPolicy {
  BpfProgram program;
  std::vector<std::string> warnings;  // names skipped on this architecture, positioned
};

// Throws ProfileError("FILE: line 3 column 7: …" / "FILE: syscalls[2].action: …") for anything
// that keeps the profile from being enforced as written, and when the file cannot be read.
LoadedPolicy load_policy_file(const std::string& path);

}  // namespace capsule
