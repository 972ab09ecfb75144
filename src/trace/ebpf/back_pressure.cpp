#include "trace/ebpf/back_pressure.h"

#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

#include "trace/ebpf/cgroup_guard.h"
#include "trace/ebpf/ebpf_session.h"

namespace capsule {
namespace {

void add_to_epoll(int epoll, int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) != 0) {
    throw std::system_error(errno, std::generic_category(), "epoll_ctl");
  }
}

// Real-time priority, so that the thread runs as soon as it is woken, before the storm it stops
// (which runs at normal priority) and before the consumer. It sleeps otherwise. Where it is not
// permitted, the thread still runs, at normal priority.
void raise_priority(std::thread& t) {
  sched_param param{};
  param.sched_priority = 10;
  (void)::pthread_setschedparam(t.native_handle(), SCHED_FIFO, &param);
}

}  // namespace

void BackPressure::start(const CgroupGuard* guard, EbpfSession* session) {
  guard_ = guard;
  session_ = session;
  session->open_rings();  // here, before the thread that takes from the pause ring starts
  epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
  thaw_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!epoll_ || !thaw_) throw std::system_error(errno, std::generic_category(), "epoll/eventfd");
  add_to_epoll(epoll_.get(), session->pause_request_fd());
  add_to_epoll(epoll_.get(), thread_.prepare());
  add_to_epoll(epoll_.get(), thaw_.get());
  thread_.start([this] { watch(); });
  raise_priority(thread_.thread());
}

void BackPressure::stop() {
  thread_.stop();
  if (frozen_.load()) thaw();  // a thaw asked for just before the end
}

void BackPressure::thaw() {
  // Rearmed first: a request made once the tree runs again finds the thread ready for it.
  session_->rearm_pause();
  guard_->freeze(false);
  frozen_.store(false);
}

void BackPressure::watch() {
  while (true) {
    epoll_event ev[3];
    const int n = ::epoll_wait(epoll_.get(), ev, 3, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;
    bool thaw_asked = false;
    for (int i = 0; i < n; ++i) {
      if (ev[i].data.fd == thread_.stop_fd()) return;
      if (ev[i].data.fd == thaw_.get()) {
        uint64_t count = 0;
        (void)!::read(thaw_.get(), &count, sizeof(count));
        thaw_asked = true;
      }
    }
    if (thaw_asked && frozen_.load()) thaw();
    if (session_->take_pause_requests() <= 0 || frozen_.load()) continue;
    guard_->freeze(true);
    frozen_.store(true);
    pauses_.fetch_add(1);
  }
}

void BackPressure::drained() {
  if (!frozen_.load()) return;
  const uint64_t one = 1;
  (void)!::write(thaw_.get(), &one, sizeof(one));
}

}  // namespace capsule
