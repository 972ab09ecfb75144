#include "trace/ebpf/run_wakeups.h"

#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "trace/ebpf/cgroup_guard.h"

namespace capsule {
namespace {

void add(int epoll, int fd, uint32_t events) {
  if (fd < 0) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  (void)::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);  // best effort: the tick still bounds the wait
}

}  // namespace

RunWakeups::RunWakeups(int ring_wake_fd, pid_t root, const CgroupGuard& cgroup)
    : epoll_(::epoll_create1(EPOLL_CLOEXEC)), cgroup_(cgroup) {
  if (!epoll_) return;
  add(epoll_.get(), ring_wake_fd, EPOLLIN);
  pidfd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, root, 0)));
  add(epoll_.get(), pidfd_.get(), EPOLLIN);
  // kernfs signals a change as EPOLLPRI, and keeps signalling it until the file is read again.
  add(epoll_.get(), cgroup_.events_fd(), EPOLLPRI);
}

bool RunWakeups::wait(int timeout_ms) {
  if (!epoll_) return false;
  epoll_event ev[3];
  const int n = ::epoll_wait(epoll_.get(), ev, 3, timeout_ms);
  for (int i = 0; i < n; ++i) {
    // Read to rearm it (a freeze of back-pressure changes it too); the loop asks the state itself.
    if (ev[i].data.fd == cgroup_.events_fd()) (void)cgroup_.populated();
  }
  return true;
}

void RunWakeups::root_reaped() {
  if (epoll_ && pidfd_) (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, pidfd_.get(), nullptr);
  pidfd_.reset();
}

}  // namespace capsule
