// The one owner of a file descriptor: closed when the owner goes, moved never copied. Every stage
// uses this class (log files, view's inotify/signalfd/pidfd, the enricher's exec probe, pipes).
#pragma once

#include <unistd.h>

#include <cerrno>

namespace capsule {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  // Gives the fd up without closing it.
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes the fd held (its result ignored) and holds fd instead.
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  // close(2) with its result, 0 or the errno: on some file systems a deferred write error
  // surfaces only here. Linux closes the descriptor even when close fails, so it is not retried.
  int close_checked() {
    if (fd_ < 0) return 0;
    return ::close(release()) == 0 ? 0 : errno;
  }

 private:
  int fd_ = -1;
};

}  // namespace capsule
