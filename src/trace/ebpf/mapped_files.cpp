#include "trace/ebpf/mapped_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <string>

namespace capsule {

dev_t from_kernel_dev(uint32_t kernel_dev) { return makedev(kernel_dev >> 20, kernel_dev & 0xfffff); }

bool same_kernel_device(uint32_t kernel_dev, dev_t dev) { return from_kernel_dev(kernel_dev) == dev; }

void MappedFiles::learn(uint32_t dev, uint64_t ino, std::string path) {
  if (!path.starts_with('/')) return;  // relative to a cwd capsule does not share
  paths_[{dev, ino}] = std::move(path);
}

bool MappedFiles::read(const capsule_file_bytes& f, CapturedMemory& mem) const {
  const auto it = paths_.find({f.dev, f.ino});
  if (it == paths_.end()) return false;
  const int fd = ::open(it->second.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st {};
  std::string bytes(static_cast<size_t>(std::min<uint64_t>(f.len, CAPSULE_MAX_SEGMENT)), '\0');
  ssize_t got = -1;
  // The path may name another file by now (replaced, renamed): only the same inode will do.
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_ino == f.ino && same_kernel_device(f.dev, st.st_dev)) {
    got = ::pread(fd, bytes.data(), bytes.size(), static_cast<off_t>(f.offset));
  }
  ::close(fd);
  if (got <= 0) return false;
  mem.add(f.addr, bytes.data(), static_cast<size_t>(got));
  return true;
}

}  // namespace capsule
