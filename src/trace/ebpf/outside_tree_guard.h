// The outside-tree containment (trace/containment.h) under --backend ebpf. Nothing stops a call
// at its entry on this backend, so the held child installs, before its execve, a seccomp filter
// whose only non-ALLOW action is SECCOMP_RET_USER_NOTIF, on the calls of outside_tree_calls()
// and only in the forms that can matter (a signal other than 0, an open for writing): every other
// call never leaves the kernel. The filter's listener comes back to capsule (SCM_RIGHTS), where
// OutsideTreeSupervisor answers each notification with the ptrace backend's decision
// (Containment::check): let it run, refuse it with an errno, or narrow a group kill to the tree.
// The tree is the kernel side's traced map. --allow-outside-tree leaves the filter out.
#pragma once

#include "policy/launch_filter.h"

namespace capsule {

// The notifying filter, on every ABI an x86-64 process can call. Throws std::runtime_error if
// libseccomp fails.
BpfProgram build_outside_tree_filter();

}  // namespace capsule
