#include "trace/ptrace/launcher.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

extern char** environ;

namespace capsule {
namespace {

struct ChildPlan {
  const char* path;
  char* const* argv;
  const sock_fprog* filters;  // installed in order
  size_t filter_count;
  bool no_new_privs;
  int landlock_fd;
};

// Everything here runs in the forked child: async-signal-safe calls only.
[[noreturn]] void child_main(const ChildPlan& plan, int err_fd, pid_t parent) {
  // If capsule dies before seizing us, do not run untraced: die too.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) _exit(126);
  // NO_NEW_PRIVS before the stop: installing the filters below then needs only seccomp calls.
  install_filters_or_fail(nullptr, 0, (plan.filter_count > 0 || plan.landlock_fd >= 0) && plan.no_new_privs, err_fd);
  // Capsule blocks and ignores signals for its own use; the program gets a normal disposition.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  // Stop here until the tracer has seized us (strace's startup sequence for PTRACE_SEIZE).
  ::raise(SIGSTOP);
  // The filters go in last, so that a --policy has to allow only execve (and write and exit_group
  // for the failure report): the profile's "launcher set". Landlock first: the policy's seccomp
  // part need not allow landlock_restrict_self.
  if (plan.landlock_fd >= 0 && ::syscall(SYS_landlock_restrict_self, plan.landlock_fd, 0) != 0) {
    child_fail(err_fd, LaunchFailure::Landlock, errno);
  }
  install_filters_or_fail(plan.filters, plan.filter_count, false, err_fd);
  ::execve(plan.path, plan.argv, environ);
  child_fail(err_fd, LaunchFailure::Exec, errno);
}

}  // namespace

std::vector<sock_fprog> kernel_filters(const std::vector<std::vector<uint64_t>>& filters) {
  std::vector<sock_fprog> out;
  for (const auto& f : filters) {
    if (f.empty()) continue;
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(f.size());
    prog.filter = reinterpret_cast<sock_filter*>(const_cast<uint64_t*>(f.data()));
    out.push_back(prog);
  }
  return out;
}

void install_filters_or_fail(const sock_fprog* filters, size_t count, bool no_new_privs, int err_fd) {
  if (no_new_privs && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(err_fd, LaunchFailure::Seccomp, errno);
  for (size_t i = 0; i < count; ++i) {
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filters[i]) != 0) {
      child_fail(err_fd, LaunchFailure::Seccomp, errno);
    }
  }
}

void child_fail(int fd, LaunchFailure::Stage stage, int err) {
  // Best effort: the parent reads this after the run; nothing else can be done here.
  const int msg[2] = {stage, err};
  [[maybe_unused]] ssize_t n = ::write(fd, msg, sizeof msg);
  _exit(stage == LaunchFailure::Exec && err == ENOENT ? 127 : 126);
}

LaunchedChild launch_stopped(const LaunchRequest& req) {
  // Build argv before fork: the child must not allocate.
  std::vector<char*> argv;
  argv.reserve(req.argv.size() + 1);
  for (const auto& a : req.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  const std::vector<sock_fprog> filters = kernel_filters(req.seccomp_filters);
  const ChildPlan plan{req.path.c_str(), argv.data(), filters.data(), filters.size(), req.no_new_privs,
                        req.landlock_ruleset_fd};

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::system_error(err, std::generic_category(), "fork");
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_main(plan, fds[1], parent);
  }
  ::close(fds[1]);
  LaunchedChild child{pid, fds[0]};

  int status = 0;
  while (::waitpid(pid, &status, WSTOPPED) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (!WIFSTOPPED(status)) {
    throw std::system_error(ECHILD, std::generic_category(), "the child ended before it could be traced");
  }
  if (::ptrace(PTRACE_SEIZE, pid, nullptr, req.ptrace_options) != 0) {
    const int err = errno;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    throw std::system_error(err, std::generic_category(), "ptrace(PTRACE_SEIZE)");
  }
  return child;
}

void release_child(const LaunchedChild& child) { ::kill(child.pid, SIGCONT); }

LaunchFailure read_launch_failure(LaunchedChild& child) {
  if (child.exec_error_fd < 0) return {};
  int msg[2] = {0, 0};
  ssize_t n;
  do {
    n = ::read(child.exec_error_fd, msg, sizeof msg);
  } while (n < 0 && errno == EINTR);
  ::close(child.exec_error_fd);
  child.exec_error_fd = -1;
  if (n != static_cast<ssize_t>(sizeof msg)) return {};
  return {static_cast<LaunchFailure::Stage>(msg[0]), msg[1]};
}

}  // namespace capsule
