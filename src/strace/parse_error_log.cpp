#include "strace/parse_error_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace capsule {
namespace {

constexpr size_t kFlushBytes = 64 * 1024;

}  // namespace

ParseErrorLog::~ParseErrorLog() { close(); }

void ParseErrorLog::add(const StraceParseError& error) {
  ++count_;
  buffer_ += std::to_string(error.line_number);
  buffer_ += '\t';
  buffer_ += error.reason;
  buffer_ += '\t';
  buffer_ += error.line;
  buffer_ += '\n';
  if (buffer_.size() >= kFlushBytes) flush();
}

void ParseErrorLog::flush() {
  if (buffer_.empty() || err_ != 0) return;
  if (!fd_) {
    fd_.reset(::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    // Exactly 0600 whatever the umask: the lines hold what the program read and wrote.
    if (!fd_ || ::fchmod(fd_.get(), 0600) != 0) {
      err_ = errno;
      return;
    }
  }
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_.get(), p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err_ = n < 0 ? errno : EIO;
      return;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
}

std::string ParseErrorLog::close() {
  flush();
  if (fd_) {
    if (::fsync(fd_.get()) != 0 && err_ == 0) err_ = errno;
    if (const int err = fd_.close_checked(); err != 0 && err_ == 0) err_ = err;
  }
  if (err_ == 0) return {};
  return "cannot write " + path_.string() + ": " + std::strerror(err_);
}

}  // namespace capsule
