#include "log/rundir/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

namespace capsule {
namespace {

void require_regular(const std::filesystem::path& path, const struct stat& st) {
  if (S_ISREG(st.st_mode)) return;
  const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                  : "not a regular file";
  throw InputFileError(path, fmt::format("{}, not a regular file", kind));
}

std::string too_big(size_t max_bytes) {
  if (max_bytes >= (size_t{1} << 20)) return fmt::format("larger than the {} MiB limit", max_bytes >> 20);
  return fmt::format("larger than the {} KiB limit", max_bytes >> 10);
}

}  // namespace

UniqueFd open_regular_file(const std::filesystem::path& path) {
  // stat first, so that a device is never opened (opening one can have effects); fstat after, in
  // case the name was swapped in between. O_NONBLOCK keeps even that open from waiting on a FIFO.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    throw InputFileError(path, fmt::format("cannot read: {}", std::strerror(err)), err);
  }
  require_regular(path, st);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) {
    const int err = errno;
    throw InputFileError(path, fmt::format("cannot read: {}", std::strerror(err)), err);
  }
  if (::fstat(fd.get(), &st) != 0) {
    const int err = errno;
    throw InputFileError(path, fmt::format("cannot read: {}", std::strerror(err)), err);
  }
  require_regular(path, st);
  return fd;
}

std::string read_input_file(const std::filesystem::path& path, size_t max_bytes) {
  const UniqueFd fd = open_regular_file(path);
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && static_cast<uint64_t>(st.st_size) > max_bytes) {
    throw InputFileError(path, too_big(max_bytes));
  }
  // Read until the end, not just st_size bytes: the file may grow while it is read.
  std::string out(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t have = 0;
  for (;;) {
    if (have == out.size()) {
      if (out.size() > max_bytes) throw InputFileError(path, too_big(max_bytes));
      out.resize(std::min(out.size() * 2, max_bytes + 1));
    }
    const ssize_t n = ::read(fd.get(), out.data() + have, out.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      throw InputFileError(path, fmt::format("cannot read: {}", std::strerror(err)), err);
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  if (have > max_bytes) throw InputFileError(path, too_big(max_bytes));
  out.resize(have);
  return out;
}

}  // namespace capsule
