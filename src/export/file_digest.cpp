// sha256 of a file now, and whether it changed since the run (file_digest.h).
#include "export/file_digest.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "base/unique_fd.h"

namespace capsule::attest {

FileDigest digest_file(const std::filesystem::path& path, int64_t run_end_us) {
  FileDigest d;
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) {
    d.status = errno == ENOENT || errno == ENOTDIR ? "absent" : "unreadable";
    return d;
  }
  struct stat st {};
  struct statfs fs {};
  if (::fstat(fd.get(), &st) != 0 || ::fstatfs(fd.get(), &fs) != 0) {
    d.status = "unreadable";
    return d;
  }
  if (!S_ISREG(st.st_mode)) {
    d.status = "not a regular file";
    return d;
  }
  if (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC) {
    d.status = "pseudo file";
    return d;
  }
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::array<unsigned char, 1 << 16> buf{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      d.status = "unreadable";
      return d;
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, buf.data(), static_cast<unsigned long long>(n));
    d.size += static_cast<uint64_t>(n);
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  d.sha256 = hex.data();
  const int64_t mtime_us = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
  d.status = run_end_us != 0 && mtime_us > run_end_us ? "changed since run" : "present";
  return d;
}

}  // namespace capsule::attest
