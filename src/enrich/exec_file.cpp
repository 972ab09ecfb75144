#include "enrich/exec_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "base/unique_fd.h"

namespace capsule {
namespace {

// The kernel reads this much of a file to recognise its format (BINPRM_BUF_SIZE), and follows
// at most this many nested interpreters (fs/exec.c: 5 binfmt rewrites).
constexpr size_t kExecHeaderBytes = 256;
constexpr int kMaxInterpreterDepth = 5;

// The interpreter of a "#!" header (binfmt_script: after optional blanks, up to the first blank
// or end of line); "" when header is not a script.
std::string_view interpreter_of(std::string_view header) {
  if (!header.starts_with("#!")) return {};
  header.remove_prefix(2);
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) header.remove_prefix(1);
  size_t end = 0;
  while (end < header.size() && header[end] != ' ' && header[end] != '\t' && header[end] != '\n' &&
         header[end] != '\0') {
    ++end;
  }
  return header.substr(0, end);
}

// Whether fd has file capabilities; nullopt when the filesystem would not say.
std::optional<bool> has_file_caps(int fd) {
  if (::fgetxattr(fd, "security.capability", nullptr, 0) >= 0) return true;
  if (errno == ENODATA || errno == ENOTSUP) return false;
  return std::nullopt;
}

}  // namespace

std::optional<ExecFile> probe_exec_file(const std::string& path) {
  std::string current = path;
  for (int depth = 0; depth < kMaxInterpreterDepth; ++depth) {
    // O_NONBLOCK: the path may have been replaced by a FIFO since the execve.
    const UniqueFd fd(::open(current.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd) return std::nullopt;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    char header[kExecHeaderBytes];
    const ssize_t n = ::pread(fd.get(), header, sizeof header, 0);
    if (n < 0) return std::nullopt;
    const std::string_view interp = interpreter_of(std::string_view(header, static_cast<size_t>(n)));
    if (!interp.empty()) {
      if (!interp.starts_with('/')) return std::nullopt;  // relative to a cwd we would have to trust
      current.assign(interp);
      continue;
    }
    struct statvfs vfs {};
    if (::fstatvfs(fd.get(), &vfs) != 0) return std::nullopt;
    ExecFile file;
    if ((vfs.f_flag & ST_NOSUID) != 0) return file;  // bits and file capabilities ignored
    if ((st.st_mode & S_ISUID) != 0) file.set_uid = st.st_uid;
    if ((st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) file.set_gid = st.st_gid;
    const auto caps = has_file_caps(fd.get());
    if (!caps) return std::nullopt;
    file.file_caps = *caps;
    return file;
  }
  return std::nullopt;  // deeper than the kernel would go: the execve failed, or this is not it
}

}  // namespace capsule
