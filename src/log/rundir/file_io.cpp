#include "log/rundir/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "log/chain/chained_stream.h"

namespace capsule::file_io {

void throw_write_error(const std::string& action, const std::filesystem::path& path, int err) {
  throw LogWriteError(action + " " + path.string() + ": " + std::strerror(err), err);
}

UniqueFd create_private_file(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600));
  if (!fd) throw_write_error("cannot create", path, errno);
  // The umask can only remove bits, but be explicit: logs hold argv and environment secrets.
  if (::fchmod(fd.get(), 0600) != 0) throw_write_error("cannot chmod", path, errno);
  return fd;
}

int write_all(int fd, std::string_view data, size_t& written) {
  written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;  // a regular file never accepts zero bytes without an error
    written += static_cast<size_t>(n);
  }
  return 0;
}

int fsync_directory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return errno;
  return ::fsync(fd.get()) == 0 ? 0 : errno;
}

void start_writeback(int fd) { ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); }

void write_file_atomically(const std::filesystem::path& path, std::string_view content, Durability durability) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  ::unlink(tmp.c_str());  // a leftover of an interrupted earlier write
  UniqueFd fd = create_private_file(tmp);
  size_t written = 0;
  int err = write_all(fd.get(), content, written);
  if (err == 0 && durability == Durability::Synced && ::fsync(fd.get()) != 0) err = errno;
  if (err == 0) err = fd.close_checked();
  if (err != 0) {
    ::unlink(tmp.c_str());
    throw_write_error("cannot write", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    ::unlink(tmp.c_str());
    throw_write_error("cannot rename to", path, err);
  }
  if (durability == Durability::Synced) fsync_directory(path.parent_path().empty() ? "." : path.parent_path());
}

}  // namespace capsule::file_io
