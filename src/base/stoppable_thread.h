// A worker thread that waits on file descriptors (poll, epoll) and ends when told: its stop fd, an
// eventfd, becomes readable. Its owner calls stop() (also the destructor) before what the thread
// uses goes away.
#pragma once

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <thread>
#include <utility>

#include "base/unique_fd.h"

namespace capsule {

class StoppableThread {
 public:
  StoppableThread() = default;
  ~StoppableThread() { stop(); }
  StoppableThread(const StoppableThread&) = delete;
  StoppableThread& operator=(const StoppableThread&) = delete;

  // The fd to wait on with the others: readable once stop() was called. Made by prepare(), so
  // that it can be put in an epoll set before the thread starts. Throws std::system_error.
  int prepare() {
    stop_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!stop_) throw std::system_error(errno, std::generic_category(), "eventfd");
    return stop_.get();
  }
  int stop_fd() const { return stop_.get(); }
  template <class Body>
  void start(Body&& body) {
    if (!stop_) prepare();
    thread_ = std::thread(std::forward<Body>(body));
  }
  std::thread& thread() { return thread_; }
  void stop() {
    if (!thread_.joinable()) return;
    const uint64_t one = 1;
    (void)!::write(stop_.get(), &one, sizeof(one));
    thread_.join();
  }

 private:
  UniqueFd stop_;
  std::thread thread_;
};

}  // namespace capsule
