#include "trace/ebpf/held_launch.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

extern char** environ;

namespace capsule {
namespace {

// In the forked child: async-signal-safe calls only.
struct HeldPlan {
  const char* path;
  char* const* argv;
  const char* procs;
  const sock_fprog* filters;
  size_t filter_count;
  bool no_new_privs;
};

[[noreturn]] void child_main(const HeldPlan& plan, int go_fd, int err_fd, pid_t parent) {
  // Belt and braces with the cgroup's watchdog: if capsule dies, so does the program's root.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) _exit(126);
  // A cgroup that cannot be joined is reported as the launcher's setup stage (not Exec).
  const int cg = ::open(plan.procs, O_WRONLY | O_CLOEXEC);
  if (cg < 0 || ::write(cg, "0", 1) != 1) child_fail(err_fd, LaunchFailure::Seccomp, errno);
  ::close(cg);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  char c;
  ssize_t n;
  do {
    n = ::read(go_fd, &c, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) _exit(126);  // capsule gave up before releasing us
  // The filters last: a --policy has to allow only execve (and the failure report).
  install_filters_or_fail(plan.filters, plan.filter_count, plan.filter_count > 0 && plan.no_new_privs, err_fd);
  ::execve(plan.path, plan.argv, environ);
  child_fail(err_fd, LaunchFailure::Exec, errno);
}

}  // namespace

HeldChild launch_held(const std::string& path, const std::vector<std::string>& argv,
                      const std::string& cgroup_procs, const std::vector<std::vector<uint64_t>>& seccomp_filters,
                      bool no_new_privs) {
  std::vector<char*> args;  // built before fork: the child must not allocate
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<sock_fprog> filters = kernel_filters(seccomp_filters);
  const HeldPlan plan{path.c_str(), args.data(), cgroup_procs.c_str(), filters.data(), filters.size(), no_new_privs};

  int go[2], err[2];
  if (::pipe2(go, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(go[0]);
    ::close(go[1]);
    throw std::system_error(e, std::generic_category(), "pipe2");
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(go[1]);
    ::close(err[0]);
    child_main(plan, go[0], err[1], parent);
  }
  const int e = errno;
  ::close(go[0]);
  ::close(err[1]);
  if (pid < 0) {
    ::close(go[1]);
    ::close(err[0]);
    throw std::system_error(e, std::generic_category(), "fork");
  }
  HeldChild child;
  child.pid = pid;
  child.go_fd = go[1];
  child.report = LaunchedChild{pid, err[0]};
  return child;
}

void release_held(HeldChild& child) {
  if (child.go_fd < 0) return;
  [[maybe_unused]] ssize_t n = ::write(child.go_fd, "g", 1);
  ::close(child.go_fd);
  child.go_fd = -1;
}

}  // namespace capsule
