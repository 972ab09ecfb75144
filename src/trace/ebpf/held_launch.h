// Starts the program held: forked, moved into its cgroup (cgroup_guard.h), and waiting on a pipe
// until capsule has put its pid in the traced map; only then does it exec the resolved path, so
// that not one of the program's calls runs untraced. The launcher's own calls before the execve
// are left out of the record, as with ptrace.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "trace/ebpf/cgroup_guard.h"
#include "trace/ptrace/launcher.h"

namespace capsule {

struct HeldChild {
  pid_t pid = -1;
  int go_fd = -1;   // write end: one byte releases the child
  LaunchedChild report;  // report.exec_error_fd: the launch failure pipe (read_launch_failure)
  int listener_sock = -1;  // with a notify filter: where the child sends its listener (take_listener)
};

// Forks the child into the guard's cgroup (created in it, or, where the kernel cannot, joining
// it through cgroup.procs); it sets PR_SET_PDEATHSIG, restores the signal mask and
// waits. Once released it installs notify_filter (if not empty) with a new listener, which it
// sends to capsule, then seccomp_filters (io_uring's, a --policy; NO_NEW_PRIVS first when asked),
// and execs. The notifying filter goes first, so that the others need not allow the sending; the
// kernel takes the most severe action of all, whatever their order (a policy's ERRNO outranks a
// USER_NOTIF). Throws std::system_error.
HeldChild launch_held(const std::string& path, const std::vector<std::string>& argv,
                      const CgroupGuard& cgroup,
                      const std::vector<std::vector<uint64_t>>& seccomp_filters = {}, bool no_new_privs = false,
                      const std::vector<uint64_t>& notify_filter = {});

// After release_held: the notify filter's listener, once the child has sent it; an empty fd when
// there is none or the child failed before sending it (its failure is in report). Closes
// listener_sock.
UniqueFd take_listener(HeldChild& child);

// Lets the child exec (closes go_fd).
void release_held(HeldChild& child);

}  // namespace capsule
