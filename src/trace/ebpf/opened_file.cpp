#include "trace/ebpf/opened_file.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <string>
#include <string_view>
#include <vector>

#include "base/device_suffix.h"
#include "decode/received_fds.h"
#include "decode/signatures.h"
#include "trace/ebpf/mapped_files.h"

namespace capsule {
namespace {

// The path argument the call opened, as decoded; empty when it has none or it was not read.
std::string path_opened(const SyscallEvent& ev) {
  const SyscallSignature* sig = find_signature(kArchX86_64, ev.nr);
  if (sig == nullptr) return {};
  for (size_t i = 0; i < sig->nargs && i < ev.args.size(); ++i) {
    if (sig->params[i].type == ArgType::Path && ev.args[i].kind == ArgKind::Str && !ev.args[i].truncated) {
      return ev.args[i].text;
    }
  }
  return {};
}

// A relative path made absolute against the directory it was opened from: the program's working
// directory or the dirfd's, as /proc shows them now. The program may have moved on since the
// call; the caller keeps the result only when it is the very inode the kernel side found, so a
// wrong guess is never shown. Empty when the directory cannot be read (the process is gone).
std::string absolute_opened(const SyscallEvent& ev, const std::string& path) {
  const SyscallSignature* sig = find_signature(kArchX86_64, ev.nr);
  int64_t dirfd = AT_FDCWD;
  for (size_t i = 0; sig != nullptr && i < sig->nargs && i < ev.args.size(); ++i) {
    if (sig->params[i].type == ArgType::DirFd) dirfd = static_cast<int32_t>(ev.args[i].num);
  }
  const std::string link = dirfd == AT_FDCWD ? fmt::format("/proc/{}/cwd", ev.tid)
                                             : fmt::format("/proc/{}/fd/{}", ev.tid, dirfd);
  char dir[PATH_MAX];
  const ssize_t n = ::readlink(link.c_str(), dir, sizeof(dir) - 1);
  if (n <= 0 || dir[0] != '/') return {};
  return std::string(dir, static_cast<size_t>(n)) + "/" + path;
}

// The kernel's path from the record's names (leaf first, records.h kpath), as /proc/PID/fd/N
// would have shown it at the call's exit: "(deleted)" and a device's suffix included. Empty when
// the kernel side could not walk the whole path (too deep or too long: named as opened then).
std::string kernel_path(const capsule_opened& f) {
  if ((f.kpath_flags & CAPSULE_KPATH_WHOLE) == 0) return {};
  const std::string_view names(f.kpath, std::min<size_t>(f.kpath_len, sizeof(f.kpath)));
  std::vector<std::string_view> parts;
  for (size_t at = 0; at < names.size();) {
    const size_t nul = names.find('\0', at);
    if (nul == std::string_view::npos) return {};  // cut short: not a whole path
    parts.push_back(names.substr(at, nul - at));
    at = nul + 1;
  }
  std::string path;
  for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
    path += '/';
    path += *part;
  }
  if (path.empty()) path = "/";
  if ((f.kpath_flags & CAPSULE_KPATH_DELETED) != 0) path += " (deleted)";
  if (path.starts_with("/dev/")) {
    struct stat st {};
    st.st_mode = f.mode;
    st.st_rdev = from_kernel_dev(f.rdev);
    append_device_suffix(st, path);
  }
  return path;
}

// Whether the record names an fd the call made: its return, or one it received with SCM_RIGHTS
// (the kernel side reads the control message as the call left it).
bool made_by_call(const SyscallEvent& ev, int32_t fd) {
  if (ev.ret == fd) return true;
  const std::vector<int64_t> received = received_fds(ev);
  return std::find(received.begin(), received.end(), fd) != received.end();
}

// As the ptrace backend names a socket (trace/socket_names.h), with the protocol and ends the
// kernel side read at the call: the fd may be closed by now, the socket is asked about by its
// inode. Whether it has a name (else `name` is "PROTO:[INO]" or "socket:[INO]").
bool name_socket_record(const capsule_opened& f, const SyscallEvent& ev, SocketNames& sockets, bool fresh,
                        std::string& name) {
  name = fmt::format("socket:[{}]", f.ino);
  const std::string_view proto(f.proto, strnlen(f.proto, sizeof(f.proto)));
  SocketNames::SocketEnds ends;
  ends.family = f.family;
  std::memcpy(ends.local, f.laddr, sizeof(ends.local));
  std::memcpy(ends.remote, f.raddr, sizeof(ends.remote));
  ends.local_port_be = htons(f.lport);
  ends.remote_port_be = f.rport_be;
  ends.peer_inode = f.peer_ino;
  ends.path.assign(f.path, std::min<size_t>(f.path_len, sizeof(f.path)));
  const bool known_family = f.family == AF_INET || f.family == AF_INET6 || f.family == AF_UNIX;
  return !proto.empty() && sockets.name_socket(ev.pid, f.fd, proto, f.ino, name, fresh, known_family ? &ends : nullptr);
}

}  // namespace

void note_opened_file(const capsule_opened& f, SyscallEvent& ev, SocketNames& sockets) {
  if ((f.flags & CAPSULE_OPENED_AT_ENTRY) != 0) {
    // A socket named only in part before, read again at this call's entry: the name it has now
    // is the one this call's line shows, whatever the call does.
    std::string name;
    if (S_ISSOCK(f.mode) && name_socket_record(f, ev, sockets, false, name)) {
      ev.renamed_fds.push_back(FdRef{f.fd, std::move(name)});
    }
    return;
  }
  if (!names_its_fds(ev)) return;
  if (S_ISSOCK(f.mode)) {
    // When sock_diag no longer knows it (closed since: the consumer runs behind the program), the
    // enricher's own name from the calls' addresses is better than the bare inode, except for a
    // socket just made, which strace too names by its inode.
    const bool fresh = ev.name == "socket";
    std::string name;
    if (name_socket_record(f, ev, sockets, fresh, name) || fresh) ev.created_fds.push_back(FdRef{f.fd, std::move(name)});
    return;
  }
  // A pipe's two ends (not the call's return) are pipe:[INO], as /proc/PID/fd shows them; a
  // named FIFO opened by its path is named by the path, as any file.
  const std::string path = path_opened(ev);
  if (S_ISFIFO(f.mode) && path.empty()) {
    ev.created_fds.push_back(FdRef{f.fd, fmt::format("pipe:[{}]", f.ino)});
    return;
  }
  if (!made_by_call(ev, f.fd)) return;
  if (std::string name = kernel_path(f); !name.empty()) {
    ev.created_fds.push_back(FdRef{f.fd, std::move(name)});
    return;
  }
  // The kernel side could not walk it: the path as opened, resolved here (opened_file.h).
  if (ev.ret != f.fd || path.empty()) return;
  const std::string absolute = path.front() == '/' ? path : absolute_opened(ev, path);
  // /proc is capsule's own here (/proc/self).
  if (absolute.empty() || absolute.starts_with("/proc/")) return;
  const std::unique_ptr<char, decltype(&::free)> resolved(::realpath(absolute.c_str(), nullptr), &::free);
  if (!resolved) return;
  struct stat st {};
  if (::stat(resolved.get(), &st) != 0 || st.st_ino != f.ino || !same_kernel_device(f.dev, st.st_dev)) return;
  std::string name = resolved.get();
  if (name.starts_with("/dev/")) append_device_suffix(st, name);
  ev.created_fds.push_back(FdRef{f.fd, std::move(name)});
}

}  // namespace capsule
