// Starts the traced program: fork, stop the child before execve, seize it with ptrace, and only
// then let it exec, so that not one instruction of the program runs untraced.
//
// The child side runs between fork and execve in a possibly multi-threaded parent, so it is
// async-signal-safe: no allocation, no locks, no exceptions; its one failure report is an errno
// value written to a close-on-exec pipe (the nsjail pattern).
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace capsule {

struct LaunchRequest {
  std::string path;               // resolved program path (find_program)
  std::vector<std::string> argv;  // argv[0] as the user gave it
  unsigned long ptrace_options = 0;
  // Raw BPF programs (struct sock_filter each) installed in this order right before execve, after
  // the tracer has seized the child: the escape guard, then a --policy. The last thing the child
  // does under them is execve (and, if that fails, reporting the errno: write, exit_group).
  std::vector<std::vector<uint64_t>> seccomp_filters;
  bool no_new_privs = false;  // set NO_NEW_PRIVS first (needed without CAP_SYS_ADMIN)
  // A Landlock ruleset built by capsule (policy/landlock_ruleset.h), or -1: the child restricts
  // itself with it just before the seccomp filters (which need not allow landlock_restrict_self).
  int landlock_ruleset_fd = -1;
};

// Why the child did not reach the program.
struct LaunchFailure {
  enum Stage : int { None = 0, Exec = 1, Seccomp = 2, Landlock = 3 };
  Stage stage = None;
  int err = 0;
};

struct LaunchedChild {
  pid_t pid = -1;
  int exec_error_fd = -1;  // read end: an int errno if execve failed, EOF if it succeeded
};

// Forks the child, waits until it has stopped itself, and PTRACE_SEIZEs it with the options.
// The child is left stopped: call release_child() once the caller has looked at it (/proc).
// Throws std::system_error when fork or seize fail.
LaunchedChild launch_stopped(const LaunchRequest& req);

// Lets the seized child continue to its execve.
void release_child(const LaunchedChild& child);

// In a forked child (async-signal-safe): reports stage and errno on fd for read_launch_failure()
// and exits 127 (not found) or 126, as a shell does. Shared by the eBPF backend's launcher.
[[noreturn]] void child_fail(int fd, LaunchFailure::Stage stage, int err);

// The filters as the kernel takes them, pointing into `filters` (empty ones left out): built
// before fork, since the child must not allocate. Shared by the eBPF backend's launcher.
std::vector<sock_fprog> kernel_filters(const std::vector<std::vector<uint64_t>>& filters);

// In a forked child (async-signal-safe): sets NO_NEW_PRIVS when asked and there are filters, then
// installs them in order; on failure reports LaunchFailure::Seccomp on err_fd and exits.
void install_filters_or_fail(const sock_fprog* filters, size_t count, bool no_new_privs, int err_fd);

// After the run: why the child did not reach the program, if it did not (closes the fd).
LaunchFailure read_launch_failure(LaunchedChild& child);

}  // namespace capsule
