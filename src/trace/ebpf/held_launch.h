// Starts the program held: forked, moved into its cgroup (cgroup_guard.h), and waiting on a pipe
// until capsule has put its pid in the traced map; only then does it exec the resolved path, so
// that not one of the program's calls runs untraced. The launcher's own calls before the execve
// are left out of the record, as with ptrace.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "trace/ptrace/launcher.h"

namespace capsule {

struct HeldChild {
  pid_t pid = -1;
  int go_fd = -1;   // write end: one byte releases the child
  LaunchedChild report;  // report.exec_error_fd: the launch failure pipe (read_launch_failure)
};

// Forks the child; it sets PR_SET_PDEATHSIG, joins cgroup_procs, restores the signal mask and
// waits. Once released it installs seccomp_filters (a --policy; NO_NEW_PRIVS first when asked)
// and execs. Throws std::system_error.
HeldChild launch_held(const std::string& path, const std::vector<std::string>& argv,
                      const std::string& cgroup_procs,
                      const std::vector<std::vector<uint64_t>>& seccomp_filters = {}, bool no_new_privs = false);

// Lets the child exec (closes go_fd).
void release_held(HeldChild& child);

}  // namespace capsule
