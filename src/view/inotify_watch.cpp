#include "view/inotify_watch.h"

#include <sys/inotify.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace capsule::view {

Inotify::Inotify() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (!fd_) throw std::system_error(errno, std::generic_category(), "inotify_init1");
}

int Inotify::watch(const std::filesystem::path& dir, uint32_t mask) {
  return ::inotify_add_watch(fd_.get(), dir.c_str(), mask);
}

void Inotify::unwatch(int wd) {
  if (wd >= 0) ::inotify_rm_watch(fd_.get(), wd);
}

std::vector<InotifyEvent> Inotify::read_events() {
  std::vector<InotifyEvent> events;
  alignas(inotify_event) char buf[16384];
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EAGAIN: the queue is empty
    for (size_t pos = 0; pos + sizeof(inotify_event) <= static_cast<size_t>(n);) {
      inotify_event header;
      std::memcpy(&header, buf + pos, sizeof header);
      InotifyEvent ev;
      ev.wd = header.wd;
      ev.mask = header.mask;
      if (header.len > 0) ev.name = std::string(buf + pos + sizeof header);  // NUL-padded
      events.push_back(std::move(ev));
      pos += sizeof(inotify_event) + header.len;
    }
  }
  return events;
}

}  // namespace capsule::view
