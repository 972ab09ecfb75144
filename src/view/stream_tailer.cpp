#include "view/stream_tailer.h"

#include <fcntl.h>

#include <cerrno>

namespace capsule::view {

bool StreamTailer::open() {
  if (!fd_) fd_ = UniqueFd(::open(file_.c_str(), O_RDONLY | O_CLOEXEC));
  return static_cast<bool>(fd_);
}

bool StreamTailer::catch_up(const LineSink& sink) {
  if (!open()) return true;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // the current end (a read error ends this look the same way)
    std::string_view chunk(buf, static_cast<size_t>(n));
    while (!chunk.empty()) {
      const size_t nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        pending_.append(chunk);
        break;
      }
      bool keep_going = true;
      if (pending_.empty()) {
        keep_going = sink(chunk.substr(0, nl));
      } else {
        pending_.append(chunk.substr(0, nl));
        keep_going = sink(pending_);
        pending_.clear();
      }
      if (!keep_going) return false;
      chunk.remove_prefix(nl + 1);
    }
  }
}

bool StreamTailer::flush_partial(const LineSink& sink) {
  if (pending_.empty()) return true;
  const std::string last = std::move(pending_);
  pending_.clear();
  return sink(last);
}

}  // namespace capsule::view
