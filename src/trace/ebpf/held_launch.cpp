#include "trace/ebpf/held_launch.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
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
  const sock_fprog* notify_filter;  // or nullptr
  int listener_sock;                // the child's end of the socket pair, with notify_filter
};

// Installs the notifying filter with a new listener and sends the listener to capsule.
// SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19, Debian 12 has 6.1) is required: once
// capsule has received a call's notification only a fatal signal interrupts the wait, so a call
// is answered once and a signal arrives after the answer, as under ptrace. Without it a handled
// signal would restart the call and have it notified again: a narrowed kill(0) whose signal the
// caller handles would be sent again and again.
void install_notify_filter_or_fail(const HeldPlan& plan, int err_fd) {
  if (plan.no_new_privs && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(err_fd, LaunchFailure::Seccomp, errno);
  const long fd = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                            SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
                            plan.notify_filter);
  if (fd < 0) child_fail(err_fd, LaunchFailure::Seccomp, errno);
  const int listener = static_cast<int>(fd);
  char byte = 'L';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  std::memset(control, 0, sizeof control);
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(cm), &listener, sizeof listener);
  if (::sendmsg(plan.listener_sock, &msg, MSG_NOSIGNAL) != 1) child_fail(err_fd, LaunchFailure::Seccomp, errno);
  ::close(listener);
  ::close(plan.listener_sock);
}

[[noreturn]] void child_main(const HeldPlan& plan, int go_fd, int err_fd, pid_t parent, bool in_cgroup) {
  // Belt and braces with the cgroup's watchdog: if capsule dies, so does the program's root.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) _exit(126);
  // A cgroup that cannot be joined is reported as the launcher's setup stage (not Exec).
  if (!in_cgroup) {
    const int cg = ::open(plan.procs, O_WRONLY | O_CLOEXEC);
    if (cg < 0 || ::write(cg, "0", 1) != 1) child_fail(err_fd, LaunchFailure::Seccomp, errno);
    ::close(cg);
  }
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
  if (plan.notify_filter != nullptr) install_notify_filter_or_fail(plan, err_fd);
  install_filters_or_fail(plan.filters, plan.filter_count, plan.filter_count > 0 && plan.no_new_privs, err_fd);
  ::execve(plan.path, plan.argv, environ);
  child_fail(err_fd, LaunchFailure::Exec, errno);
}

// A fork whose child starts in the cgroup (CLONE_INTO_CGROUP, Linux 5.7): moving a process into
// a cgroup afterwards (a write to cgroup.procs) waits for an RCU grace period, 10-15 ms of each
// run's start here. -1 with errno when the kernel cannot (then fork and write).
pid_t fork_into_cgroup(const std::filesystem::path& dir) {
  const int dir_fd = ::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return -1;
  clone_args args{};
  args.flags = CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = static_cast<__u64>(dir_fd);
  const long pid = ::syscall(SYS_clone3, &args, sizeof args);
  if (pid != 0) {
    const int e = errno;
    ::close(dir_fd);
    errno = e;
  }
  return static_cast<pid_t>(pid);
}

}  // namespace

HeldChild launch_held(const std::string& path, const std::vector<std::string>& argv,
                      const CgroupGuard& cgroup, const std::vector<std::vector<uint64_t>>& seccomp_filters,
                      bool no_new_privs, const std::vector<uint64_t>& notify_filter) {
  std::vector<char*> args;  // built before fork: the child must not allocate
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<sock_fprog> filters = kernel_filters(seccomp_filters);
  const std::vector<std::vector<uint64_t>> notify_filters{notify_filter};  // outlives the child's plan
  const std::vector<sock_fprog> notify = kernel_filters(notify_filters);
  // Its own end of the pair is the child's only copy (close-on-exec): capsule reads EOF if the
  // child ends or execs without sending the listener.
  UniqueFd sock_parent, sock_child;
  if (!notify.empty()) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
      throw std::system_error(errno, std::generic_category(), "socketpair");
    }
    sock_parent.reset(sv[0]);
    sock_child.reset(sv[1]);
  }
  const HeldPlan plan{path.c_str(),   args.data(),    cgroup.procs_file().c_str(),
                      filters.data(),  filters.size(), no_new_privs,
                      notify.empty() ? nullptr : notify.data(), sock_child.get()};

  int go[2], err[2];
  if (::pipe2(go, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(go[0]);
    ::close(go[1]);
    throw std::system_error(e, std::generic_category(), "pipe2");
  }
  const pid_t parent = ::getpid();
  bool in_cgroup = true;
  pid_t pid = fork_into_cgroup(cgroup.dir());
  if (pid < 0) {
    in_cgroup = false;
    pid = ::fork();
  }
  if (pid == 0) {
    ::close(go[1]);
    ::close(err[0]);
    if (sock_parent) ::close(sock_parent.get());
    child_main(plan, go[0], err[1], parent, in_cgroup);
  }
  const int e = errno;
  sock_child.reset();
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
  child.listener_sock = sock_parent.release();
  return child;
}

UniqueFd take_listener(HeldChild& child) {
  if (child.listener_sock < 0) return UniqueFd();
  UniqueFd sock(child.listener_sock);
  child.listener_sock = -1;
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(sock.get(), &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n != 1) return UniqueFd();
  const cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  if (cm == nullptr || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) return UniqueFd();
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(cm), sizeof fd);
  return UniqueFd(fd);
}

void release_held(HeldChild& child) {
  if (child.go_fd < 0) return;
  [[maybe_unused]] ssize_t n = ::write(child.go_fd, "g", 1);
  ::close(child.go_fd);
  child.go_fd = -1;
}

}  // namespace capsule
