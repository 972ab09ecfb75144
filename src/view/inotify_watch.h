// A thin owner of one inotify instance: tail is woken by the kernel when a run directory gains a
// file or a stream grows, instead of polling the files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/unique_fd.h"

namespace capsule::view {

struct InotifyEvent {
  int wd = -1;
  uint32_t mask = 0;
  std::string name;  // the file inside the watched directory ("" for the directory itself)
};

class Inotify {
 public:
  Inotify();  // non-blocking; throws std::system_error

  int fd() const { return fd_.get(); }
  // A watch on a directory (events for the files in it included); -1 with errno set on failure.
  int watch(const std::filesystem::path& dir, uint32_t mask);
  void unwatch(int wd);
  // Everything queued now; empty when nothing is. An IN_Q_OVERFLOW event (wd -1) means events
  // were lost: the caller rescans.
  std::vector<InotifyEvent> read_events();

 private:
  UniqueFd fd_;
};

}  // namespace capsule::view
