#include "trace/ptrace/fd_link.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <optional>
#include <string_view>

#include "base/device_suffix.h"
#include "decode/received_fds.h"

namespace capsule {
namespace {

// readlink(/proc/TID/fd/FD), a socket named by sock_diag, a device with its suffix; nullopt when
// the link cannot be read.
std::optional<std::string> kernel_name(pid_t tid, pid_t pid, int64_t fd, SocketNames& sockets, bool fresh = false) {
  // "/proc/" + tid + "/fd/" + fd, built without allocating.
  std::array<char, 64> link{};
  char* p = link.data();
  char* const end = link.data() + link.size() - 1;  // room for the terminating NUL
  const auto put = [&](std::string_view s) {
    for (char c : s) *p++ = c;
  };
  put("/proc/");
  p = std::to_chars(p, end, tid).ptr;
  put("/fd/");
  p = std::to_chars(p, end, fd).ptr;
  *p = '\0';
  std::array<char, PATH_MAX + 1> target;  // one more: a link that fills it may be cut short
  const ssize_t n = ::readlink(link.data(), target.data(), target.size());
  if (n <= 0 || static_cast<size_t>(n) >= target.size()) return std::nullopt;
  std::string name(target.data(), static_cast<size_t>(n));
  sockets.rename(pid, fd, link.data(), name, fresh);
  // A device gets strace -yy's suffix, "/dev/null<char 1:3>"; stat only under /dev, where they are.
  struct stat st {};
  if (name.starts_with("/dev/") && ::stat(link.data(), &st) == 0) append_device_suffix(st, name);
  return name;
}

void note_fd(pid_t tid, int64_t fd, SyscallEvent& ev, SocketNames& sockets) {
  const bool fresh = ev.name == "socket";
  if (auto name = kernel_name(tid, ev.pid, fd, sockets, fresh)) ev.created_fds.push_back(FdRef{fd, std::move(*name)});
}

}  // namespace

void note_created_fds(pid_t tid, SyscallEvent& ev, SocketNames& sockets) {
  // A non-blocking connect under way has its peer already.
  if (!names_its_fds(ev)) return;
  if (ev.name == "bind" || ev.name == "listen" || ev.name == "connect") {
    if (!ev.args.empty() && ev.args[0].kind == ArgKind::Fd) note_fd(tid, ev.args[0].num, ev, sockets);
    return;
  }
  if (ev.ret_kind == RetKind::Fd) note_fd(tid, ev.ret, ev, sockets);
  for (const int64_t fd : received_fds(ev)) note_fd(tid, fd, ev, sockets);
  for (const Arg& a : ev.args) {
    if (a.kind != ArgKind::Array) continue;
    for (const Arg& item : a.items) {
      if (item.kind == ArgKind::Fd) note_fd(tid, item.num, ev, sockets);
    }
  }
}

}  // namespace capsule

namespace capsule {

void note_renamed_fd(pid_t tid, uint64_t arg0, SyscallEvent& ev, SocketNames& sockets) {
  // Most args are decoded at the exit: at the entry the first register is all there is.
  const auto fd = static_cast<int64_t>(static_cast<int32_t>(arg0));
  if (fd < 0 || !sockets.asked_again(ev.pid, fd)) return;
  if (auto name = kernel_name(tid, ev.pid, fd, sockets)) ev.renamed_fds.push_back(FdRef{fd, std::move(*name)});
}

}  // namespace capsule
