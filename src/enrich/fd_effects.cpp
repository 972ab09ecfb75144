// How calls change a process's fd table. Only successful calls count, except close: Linux
// releases the fd even when close reports EINTR or EIO.
#include <cerrno>
#include <fcntl.h>
#include <linux/close_range.h>

#include <sys/socket.h>

#include "decode/received_fds.h"
#include "enrich/enricher_state.h"
#include "enrich/event_args.h"
#include "enrich/path_text.h"
#include "enrich/pidfd_refs.h"
#include "enrich/socket_ref.h"

namespace capsule {
namespace {

bool cloexec_requested(const SyscallRule& rule, const SyscallEvent& ev) {
  if (rule.cloexec.always) return true;
  if (rule.cloexec.arg < 0) return false;
  return has_flag(find_param(ev, static_cast<size_t>(rule.cloexec.arg)), rule.cloexec.bit);
}

// The kernel's name for an fd the call created (SyscallEvent::created_fds), or nullptr.
const std::string* kernel_name(const SyscallEvent& ev, int64_t fd) {
  for (const FdRef& r : ev.created_fds) {
    if (r.fd == fd) return &r.ref;
  }
  return nullptr;
}

void open_path(const SyscallEvent& ev, ProcessEntry& proc,
               const PathNote* opened) {
  FdEntry e;
  const std::string* kernel = kernel_name(ev, ev.ret);
  if (kernel != nullptr) {
    // Symlinks resolved, /lib is /usr/lib, /proc/self is /proc/N: the fd as strace -yy shows it.
    // The path as written stays in the event's path notes, for the rules.
    e.ref = *kernel;
  } else if (opened != nullptr) {
    e.ref = opened->path;
  } else {
    const bool at = ev.name == "openat" || ev.name == "openat2";
    const Arg* path = find_arg(ev, "pathname", at ? 1 : 0);
    if (path != nullptr && path->kind == ArgKind::Str) {
      resolve_at(proc, at ? find_arg(ev, "dirfd", 0) : nullptr, path->text, e.ref);
    }
  }
  const Arg* flags = open_flags(ev);
  if (has_flag(flags, O_DIRECTORY)) {
    e.cls = ResourceClass::Directory;
  } else {
    e.cls = opened != nullptr && kernel == nullptr ? opened->cls : classify_path(e.ref);
  }
  e.cloexec = has_flag(flags, O_CLOEXEC);
  proc.fds->set(ev.ret, std::move(e));
}

// The kernel's name for fd, if the tracer read one: strace's "UNIX-STREAM:[INO->PEER]".
bool take_kernel_name(const SyscallEvent& ev, int64_t fd, FdEntry& e) {
  const std::string* kernel = kernel_name(ev, fd);
  if (kernel == nullptr) return false;
  e.ref = *kernel;
  return true;
}

FdEntry new_socket(const SyscallEvent& ev, int64_t fd, std::string proto, bool cloexec) {
  FdEntry e;
  e.proto = std::move(proto);
  e.cls = ResourceClass::Socket;
  e.cloexec = cloexec;
  if (take_kernel_name(ev, fd, e)) {
    // Named by sock_diag: later binds and connects are the kernel's to name too.
  } else if (e.proto.empty()) {
    e.ref = "socket:[]";  // the inode is not in the event stream
  } else {
    refresh_socket_ref(e);
  }
  return e;
}

// The two fds of pipe/socketpair's result array.
bool output_pair(const SyscallEvent& ev, std::string_view name, int64_t& a, int64_t& b) {
  const Arg* arr = find_arg(ev, name, name == "sv" ? 3 : 0);
  if (arr == nullptr || arr->kind != ArgKind::Array || arr->items.size() != 2) return false;
  const auto x = arg_fd(&arr->items[0]);
  const auto y = arg_fd(&arr->items[1]);
  if (!x || !y) return false;
  a = *x;
  b = *y;
  return true;
}

void dup_fd(ProcessEntry& proc, int64_t oldfd, int64_t newfd, bool cloexec) {
  if (oldfd == newfd) return;  // dup2(fd, fd) changes nothing
  const FdEntry* src = proc.fds->find(oldfd);
  if (src == nullptr) {
    proc.fds->erase(newfd);  // whatever was at newfd is gone; the new file is unknown
    return;
  }
  FdEntry copy = *src;
  copy.cloexec = cloexec;  // the close-on-exec flag belongs to the fd, not to the file
  proc.fds->set(newfd, std::move(copy));
}

void fcntl_fd(const SyscallEvent& ev, ProcessEntry& proc) {
  const auto fd = arg_fd(find_arg(ev, "fd", 0));
  const Arg* cmd = find_arg(ev, "cmd", 1);
  if (!fd) return;
  if (is_value(cmd, F_DUPFD)) {
    dup_fd(proc, *fd, ev.ret, false);
  } else if (is_value(cmd, F_DUPFD_CLOEXEC)) {
    dup_fd(proc, *fd, ev.ret, true);
  } else if (is_value(cmd, F_SETFD)) {
    if (FdEntry* e = proc.fds->find(*fd)) {
      e->cloexec = has_flag(find_arg(ev, "arg", 2), FD_CLOEXEC);
    }
  }
}

}  // namespace

std::string resolve_at(const ProcessEntry& proc, const Arg* dirfd, std::string_view path) {
  std::string out;
  resolve_at(proc, dirfd, path, out);
  return out;
}

void resolve_at(const ProcessEntry& proc, const Arg* dirfd, std::string_view path, std::string& out) {
  std::string_view base;
  if (!path.empty() && path.front() == '/') {
    // absolute: no base needed
  } else if (dirfd == nullptr || dirfd->kind == ArgKind::Symbol) {  // AT_FDCWD
    if (proc.fs->cwd) base = *proc.fs->cwd;
  } else if (const auto fd = arg_fd(dirfd)) {
    if (const FdEntry* e = proc.fds->find(*fd); e != nullptr && e->ref.starts_with('/')) {
      base = e->ref;
    }
  }
  if (path.empty()) {
    out.assign(base);  // AT_EMPTY_PATH: the dirfd itself
    return;
  }
  resolve_path(base, path, out);
}

void apply_fd_effect(const SyscallRule& rule, const SyscallEvent& ev, ProcessEntry& proc,
                     const PathNote* opened) {
  FdTable& fds = *proc.fds;
  if (rule.effect == Effect::Close) {
    if (!ev.has_ret || ev.err == EBADF) return;
    if (const auto fd = arg_fd(find_arg(ev, "fd", 0))) fds.erase(*fd);
    return;
  }
  // A connect that is still under way (non-blocking) has chosen its peer already.
  const bool in_progress = rule.effect == Effect::Connect && ev.err == EINPROGRESS;
  if (!succeeded(ev) && !in_progress) return;
  switch (rule.effect) {
    case Effect::Open:
      open_path(ev, proc, opened);
      return;
    case Effect::Socket:
      fds.set(ev.ret, new_socket(ev, ev.ret, socket_label(find_arg(ev, "domain", 0), find_arg(ev, "type", 1)),
                                 cloexec_requested(rule, ev)));
      return;
    case Effect::SocketPair: {
      int64_t a = 0, b = 0;
      if (!output_pair(ev, "sv", a, b)) return;
      std::string proto = socket_label(find_arg(ev, "domain", 0), find_arg(ev, "type", 1));
      const bool cloexec = cloexec_requested(rule, ev);
      fds.set(a, new_socket(ev, a, proto, cloexec));
      fds.set(b, new_socket(ev, b, proto, cloexec));
      return;
    }
    case Effect::Accept: {
      const auto listener = arg_fd(find_arg(ev, "sockfd", 0));
      const FdEntry* l = listener ? fds.find(*listener) : nullptr;
      FdEntry e = new_socket(ev, ev.ret, l != nullptr ? l->proto : std::string(), cloexec_requested(rule, ev));
      if (l != nullptr) e.local = l->local;
      e.remote = sockaddr_text(find_arg(ev, "addr", 1));
      if (kernel_name(ev, ev.ret) == nullptr) refresh_socket_ref(e);
      fds.set(ev.ret, std::move(e));
      return;
    }
    case Effect::Connect:
    case Effect::Bind: {
      const auto fd = arg_fd(find_arg(ev, "sockfd", 0));
      FdEntry* e = fd ? fds.find(*fd) : nullptr;
      if (e == nullptr) return;
      // bind, listen (which binds an unbound socket) and connect as sock_diag names them after.
      if (take_kernel_name(ev, *fd, *e)) return;
      std::string addr = sockaddr_text(find_arg(ev, "addr", 1));
      if (addr.empty()) return;
      (rule.effect == Effect::Connect ? e->remote : e->local) = std::move(addr);
      refresh_socket_ref(*e);
      return;
    }
    case Effect::Dup: {
      const auto oldfd = arg_fd(find_arg(ev, "oldfd", 0));
      if (!oldfd) return;
      dup_fd(proc, *oldfd, ev.ret, cloexec_requested(rule, ev));
      return;
    }
    case Effect::Fcntl:
      fcntl_fd(ev, proc);
      return;
    case Effect::Pipe: {
      int64_t r = 0, w = 0;
      if (!output_pair(ev, "pipefd", r, w)) return;
      FdEntry e;
      e.cls = ResourceClass::Pipe;
      e.cloexec = cloexec_requested(rule, ev);
      // "pipe:[1234]", both ends the same pipe, when the tracer read it; else the inode is unknown.
      const std::string* kernel = kernel_name(ev, r);
      e.ref = kernel != nullptr ? *kernel : "pipe:[]";
      fds.set(r, e);
      fds.set(w, std::move(e));
      return;
    }
    case Effect::AnonFd: {
      // signalfd(fd, …) with an existing fd updates that fd rather than making a new one.
      if (ev.name.starts_with("signalfd")) {
        if (const auto fd = arg_fd(find_arg(ev, "fd", 0)); fd && *fd == ev.ret) return;
      }
      FdEntry e;
      if (ev.name == "memfd_create") {
        const Arg* name = find_arg(ev, "name", 0);
        // /proc shows a memfd as "/memfd:NAME (deleted)".
        e.ref = "/memfd:" + (name != nullptr && name->kind == ArgKind::Str ? name->text : "") +
                " (deleted)";
        e.cls = ResourceClass::SharedMem;
      } else if (ev.name == "mq_open") {
        // /proc shows a message queue as "/NAME": the kernel's name when the tracer read it.
        const Arg* name = find_arg(ev, "name", 0);
        if (const std::string* kernel = kernel_name(ev, ev.ret)) {
          e.ref = *kernel;
        } else if (name != nullptr && name->kind == ArgKind::Str) {
          e.ref = "/" + name->text;
        }
        e.cls = ResourceClass::SharedMem;
      } else if (ev.name == "pidfd_open") {
        const auto pid = arg_int(find_arg(ev, "pid", 0));
        if (pid) {
          e = pidfd_entry(static_cast<int32_t>(*pid));
        } else {
          e.ref = std::string(rule.anon_ref);
          e.cls = ResourceClass::Anonymous;
        }
      } else {
        e.ref = std::string(rule.anon_ref);
        e.cls = ResourceClass::Anonymous;
      }
      e.cloexec = cloexec_requested(rule, ev);
      fds.set(ev.ret, std::move(e));
      return;
    }
    case Effect::CloseRange: {
      const auto lo = arg_int(find_arg(ev, "first", 0));
      const auto hi_raw = arg_int(find_arg(ev, "last", 1));
      if (!lo || !hi_raw) return;
      // last is an unsigned int: ~0U means "to the end".
      const int64_t hi = static_cast<int64_t>(static_cast<uint32_t>(*hi_raw));
      const Arg* flags = find_arg(ev, "flags", 2);
      if (has_flag(flags, CLOSE_RANGE_UNSHARE)) {
        proc.fds = std::make_shared<FdTable>(*proc.fds);
      }
      if (has_flag(flags, CLOSE_RANGE_CLOEXEC)) {
        proc.fds->set_cloexec_range(*lo, hi);
      } else {
        proc.fds->erase_range(*lo, hi);
      }
      return;
    }
    case Effect::ReceiveFds:
      for (const int64_t fd : received_fds(ev)) {
        FdEntry e;
        // The kernel's name (the native tracer's /proc read), else strace's own annotation of it
        // in this line (the strace backend's); else unknown, as the eBPF backend leaves it.
        if (!take_kernel_name(ev, fd, e)) {
          for (const FdRef& r : ev.fd_refs) {
            if (r.fd == fd) e.ref = r.ref;
          }
        }
        e.cls = e.ref.empty() ? ResourceClass::Unknown : classify_ref(e.ref);
        e.cloexec = has_flag(find_arg(ev, "flags", ev.name == "recvmsg" ? 2 : 3), MSG_CMSG_CLOEXEC);
        fds.set(fd, std::move(e));
      }
      return;
    case Effect::Getdents: {
      const auto fd = arg_fd(find_arg(ev, "fd", 0));
      if (FdEntry* e = fd ? fds.find(*fd) : nullptr) e->cls = ResourceClass::Directory;
      return;
    }
    default:
      return;
  }
}

}  // namespace capsule
