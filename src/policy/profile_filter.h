// Turns a SeccompProfile into a BPF program with libseccomp, in capsule (the parent): the child
// only installs the finished program, since nothing between fork and execve may allocate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/launch_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {

// What includes/excludes are decided against: the host the program runs on, as Docker decides
// them against the container's host and capabilities.
struct HostFacts {
  std::vector<std::string> arches;  // Docker's names for this host: amd64 → {"amd64", "x86", "x32"}
  uint64_t capabilities = 0;        // effective set capsule (and so the program) starts with
  int kernel_major = 0;
  int kernel_minor = 0;
};
HostFacts current_host_facts();

struct CompiledPolicy {
  BpfProgram program;
  std::vector<std::string> warnings;  // "syscalls[2].names[1]: 'spu_run' does not exist on x86_64…; skipped"
};

// libseccomp knows the name on some architecture: what compile_profile accepts in a profile.
bool known_syscall_name(const std::string& name);

// Builds the filter: default action, bad-architecture action kill-process, rules in file order.
// Throws ProfileError (positioned) for names libseccomp does not know on any architecture,
// capability names it does not know, and rules libseccomp refuses.
CompiledPolicy compile_profile(const SeccompProfile& profile, const HostFacts& host);

}  // namespace capsule
