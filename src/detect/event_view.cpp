#include "detect/event_view.h"

#include <fcntl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>

#include "decode/names.h"
#include "decode/signatures.h"
#include "enrich/event_args.h"
#include "redact/redactor.h"
#include "enrich/identity.h"
#include "enrich/path_text.h"
#include "enrich/peer_names.h"
#include "enrich/resource_class.h"
#include "enrich/socket_ref.h"

namespace capsule {
namespace {

// Path arguments and the dirfd each is relative to (the enricher's table, by man-page names).
struct PathArgName {
  std::string_view path;
  std::string_view dirfd;
};
constexpr std::array<PathArgName, 7> kPathArgs{{{"pathname", "dirfd"},
                                                {"path", "dirfd"},
                                                {"filename", "dirfd"},
                                                {"oldpath", "olddirfd"},
                                                {"newpath", "newdirfd"},
                                                {"linkpath", "newdirfd"},
                                                {"target", ""}}};

// The path an fd ref names ("/etc/passwd"), or "" for sockets, pipes, anon inodes.
std::string_view ref_path(std::string_view ref) { return ref.starts_with('/') ? ref : std::string_view(); }

std::string_view fd_ref_of(const SyscallEvent& ev, const Arg* fd_arg) {
  if (fd_arg == nullptr) return {};
  const auto fd = arg_fd(fd_arg);
  if (!fd && is_value(fd_arg, AT_FDCWD)) return {};
  for (const FdRef& r : ev.fd_refs) {
    if (fd && r.fd == *fd) return r.ref;
  }
  return {};
}

// The sockaddr argument of connect/bind/sendto/sendmsg/accept.
const Arg* sockaddr_arg(const SyscallEvent& ev) {
  for (const Arg& a : ev.args) {
    if (a.kind != ArgKind::Struct) continue;
    if (a.name == "addr" || a.name == "dest_addr") return &a;
    if (a.name == "msg") {
      if (const Arg* n = find_item(a, "msg_name"); n != nullptr && n->kind == ArgKind::Struct) return n;
    }
  }
  return nullptr;
}

// 127.0.0.0/8, ::1, IPv4-mapped loopback, and the unspecified addresses (which reach this host).
bool is_loopback_ip(std::string_view ip) {
  return ip.starts_with("127.") || ip == "::1" || ip.starts_with("::ffff:127.") || ip == "0.0.0.0" || ip == "::" ||
         ip == "localhost";
}

}  // namespace

const ProcessContext* EventView::ctx() {
  if (!ctx_done_) {
    ctx_ = enr_.context_of(ev_.pid);
    ctx_done_ = true;
  }
  return ctx_;
}

std::vector<std::string> EventView::argv_list() {
  const ProcessContext* c = ctx();
  return c != nullptr && c->argv ? *c->argv : std::vector<std::string>{};
}

std::string_view EventView::home() {
  if (!home_done_) {
    home_ = tracker_.home(ev_.pid, enr_);
    home_done_ = true;
  }
  return home_;
}

const std::vector<std::string>& EventView::paths() {
  if (paths_done_) return paths_;
  paths_done_ = true;
  const std::string_view cwd = enr_.cwd_of(ev_.pid);
  for (const Arg& a : ev_.args) {
    for (const PathArgName& p : kPathArgs) {
      if (a.name != p.path) continue;
      if (p.path == "target" && ev_.name != "mount") break;  // a symlink's target is content, not a place
      std::string_view base = cwd;
      const Arg* dirfd = p.dirfd.empty() ? nullptr : find_arg(ev_, p.dirfd, SIZE_MAX);
      if (const std::string_view d = ref_path(fd_ref_of(ev_, dirfd)); !d.empty()) base = d;
      if (a.kind == ArgKind::Str && !a.text.empty()) {
        paths_.push_back(resolve_path(base, a.text));
      } else if (dirfd != nullptr && (a.kind == ArgKind::Null || a.kind == ArgKind::Str)) {
        // futimens(fd) / execveat(fd, "", AT_EMPTY_PATH): the fd itself.
        const std::string_view d = fd_ref_of(ev_, dirfd);
        if (!d.empty()) paths_.emplace_back(d);
      }
      break;
    }
  }
  // An open through a symlink (`ln -s /etc/shadow s; cat s`) or a /proc/self/cwd detour: the file
  // the kernel opened is the returned fd's, and rules about /etc/shadow must see it too (#22).
  // It comes after the path as written, which descriptions show first.
  const SyscallSignature* row = find_syscall(ev_.name);
  if (row != nullptr && row->facts.effect == Effect::Open && ev_.has_ret && ev_.err == 0) {
    for (const FdRef& r : ev_.fd_refs) {
      const std::string_view opened = ref_path(r.ref);
      if (r.fd != ev_.ret || opened.empty()) continue;
      if (std::find(paths_.begin(), paths_.end(), opened) == paths_.end()) paths_.emplace_back(opened);
    }
  }
  if (ev_.name == "connect" || ev_.name == "bind") {
    compute_addr();
    if (addr_family_ == "unix" && !addr_.empty() && addr_.front() != '@') paths_.push_back(resolve_path(cwd, addr_));
  }
  return paths_;
}

void EventView::compute_addr() {
  if (addr_done_) return;
  addr_done_ = true;
  const Arg* sa = sockaddr_arg(ev_);
  if (sa == nullptr) return;
  addr_ = sockaddr_text(sa);
  const Arg* family = find_item(*sa, "sa_family");
  if (is_value(family, AF_INET)) addr_family_ = "inet";
  else if (is_value(family, AF_INET6)) addr_family_ = "inet6";
  else if (is_value(family, AF_UNIX)) addr_family_ = "unix";
  else if (is_value(family, AF_NETLINK)) addr_family_ = "netlink";
  else addr_family_ = "other";
  if (addr_family_ != "inet" && addr_family_ != "inet6") return;
  const size_t colon = addr_.rfind(':');
  if (colon == std::string::npos) return;
  addr_ip_ = addr_.substr(0, colon);
  if (addr_ip_.starts_with('[')) addr_ip_ = addr_ip_.substr(1, addr_ip_.size() - 2);
  int64_t port = 0;
  const std::string_view digits = std::string_view(addr_).substr(colon + 1);
  if (std::from_chars(digits.data(), digits.data() + digits.size(), port).ec == std::errc()) addr_port_ = port;
}

void EventView::compute_fds() {
  if (fds_done_) return;
  fds_done_ = true;
  for (const FdRef& r : ev_.fd_refs) {
    if (!r.is_descriptor()) continue;  // AT_FDCWD's directory
    SocketText s;
    split_socket_ref(r.ref, s.proto, s.local, s.remote);
    fd_sockets_.push_back(std::move(s));
  }
}

void EventView::compute_access() {
  access_done_ = true;
  const SyscallSignature* row = find_syscall(ev_.name);
  switch (row != nullptr ? row->facts.access : PathAccess::None) {
    case PathAccess::ByOpenFlags: {
      const uint64_t flags = static_cast<uint64_t>(arg_int(open_flags(ev_)).value_or(0));
      const uint64_t mode = flags & O_ACCMODE;
      read_ = mode != O_WRONLY;
      write_ = mode == O_WRONLY || mode == O_RDWR || (flags & (O_CREAT | O_TRUNC)) != 0;
      break;
    }
    case PathAccess::Write: write_ = true; break;
    case PathAccess::Exec: exec_ = true; break;
    case PathAccess::None: break;
  }
}

void EventView::values(Field f, const std::string& arg_name, std::vector<FieldItem>& out) {
  out.clear();
  auto text = [&](std::string_view t) { out.push_back(FieldItem{t, 0, false}); };
  auto number = [&](int64_t n) { out.push_back(FieldItem{{}, n, true}); };
  auto opt_number = [&](const std::optional<uint32_t>& n) {
    if (n) number(*n);
  };
  switch (f) {
    case Field::Syscall: text(ev_.name); break;
    case Field::Result:
      if (ev_.type != EventType::Syscall) break;
      if (!ev_.has_ret) text("unknown");
      else if (ev_.err != 0) text(errno_name(ev_.err));
      else text("ok");
      break;
    case Field::Ret:
      if (ev_.has_ret) number(ev_.ret);
      break;
    case Field::Arg: {
      const Arg* a = find_arg(ev_, arg_name, SIZE_MAX);
      if (a == nullptr) break;
      auto add = [&](const Arg& x) {
        switch (x.kind) {
          case ArgKind::Str: case ArgKind::Symbol: case ArgKind::Raw: text(x.text); break;
          case ArgKind::Null: text("NULL"); break;
          case ArgKind::Struct: case ArgKind::Array: break;
          default: number(x.num); break;
        }
      };
      if (a->kind == ArgKind::Array) {
        for (const Arg& item : a->items) add(item);
      } else {
        add(*a);
      }
      break;
    }
    case Field::Path:
      for (const auto& p : paths()) text(p);
      break;
    case Field::PathCreated:
      for (const auto& p : paths()) text(tracker_.created(p) ? "yes" : "no");
      break;
    case Field::PathSharedDir:
      for (const auto& p : paths()) {
        if (const auto shared = ProcessTracker::shared_dir(p)) text(*shared ? "yes" : "no");
      }
      break;
    case Field::FdPath:
      for (const FdRef& r : ev_.fd_refs) {
        if (auto p = ref_path(r.ref); !p.empty() && r.is_descriptor()) text(p);
      }
      break;
    case Field::FdKind:
      for (const FdRef& r : ev_.fd_refs) {
        if (r.is_descriptor()) text(resource_class_name(classify_ref(r.ref)));
      }
      break;
    case Field::FdRemote: case Field::FdLocal: case Field::FdProto:
      compute_fds();
      for (const auto& s : fd_sockets_) {
        const std::string& v = f == Field::FdRemote ? s.remote : f == Field::FdLocal ? s.local : s.proto;
        if (!v.empty()) text(v);
      }
      break;
    case Field::Addr: compute_addr(); if (!addr_.empty()) text(addr_); break;
    case Field::AddrIp: compute_addr(); if (!addr_ip_.empty()) text(addr_ip_); break;
    case Field::AddrPort: compute_addr(); if (addr_port_) number(*addr_port_); break;
    case Field::AddrFamily: compute_addr(); if (!addr_family_.empty()) text(addr_family_); break;
    case Field::Exe:
      if (const auto* c = ctx(); c != nullptr && c->exe) text(*c->exe);
      break;
    case Field::ExeSetuid:
      if (const auto* c = ctx(); c != nullptr && c->exe) text(tracker_.setid_file(*c->exe) ? "yes" : "no");
      break;
    case Field::Argv:
      if (!argv_done_) {
        argv_done_ = true;
        if (const auto* c = ctx(); c != nullptr && c->argv) {
          for (const auto& a : *c->argv) {
            if (!argv_.empty()) argv_.push_back(' ');
            argv_ += a;
          }
        }
      }
      if (!argv_.empty()) text(argv_);
      break;
    case Field::Pid: number(ev_.pid); break;
    case Field::Ppid:
      if (const auto* c = ctx(); c != nullptr && c->ppid) number(*c->ppid);
      break;
    case Field::Uid: if (const auto* c = ctx()) opt_number(c->cred.uid); break;
    case Field::Euid: if (const auto* c = ctx()) opt_number(c->cred.euid); break;
    case Field::Gid: if (const auto* c = ctx()) opt_number(c->cred.gid); break;
    case Field::Egid: if (const auto* c = ctx()) opt_number(c->cred.egid); break;
    case Field::Caps:
      if (const auto* c = ctx(); c != nullptr && c->cred.cap_eff) {
        if (caps_.empty()) {
          for (unsigned bit = 0; bit < 64; ++bit) {
            if ((*c->cred.cap_eff >> bit) & 1U) caps_.push_back(capability_name(bit));
          }
        }
        for (const auto& n : caps_) text(n);
      }
      break;
    case Field::Gained:
      for (auto g : tracker_.gained()) text(g);
      break;
    case Field::Access:
      if (!access_done_) compute_access();
      if (read_) text("read");
      if (write_) text("write");
      if (exec_) text("exec");
      break;
    case Field::Peer: case Field::PeerScope: case Field::PeerHost: case Field::PeerNamed: {
      compute_addr();
      std::string_view peer;
      if (addr_family_ == "inet" || addr_family_ == "inet6") {
        peer = addr_;
      } else {
        compute_fds();
        for (const auto& sock : fd_sockets_) {
          if (!sock.remote.empty() && !sock.remote.starts_with('/') && !sock.remote.starts_with('@')) {
            peer = sock.remote;
            break;
          }
        }
      }
      if (peer.empty()) break;
      if (f == Field::Peer) text(peer);
      else if (f == Field::PeerScope) text(is_loopback_ip(peer_ip(peer)) ? "loopback" : "remote");
      else if (const std::string_view host = enr_.host_of(peer); f == Field::PeerHost && !host.empty()) text(host);
      else if (f == Field::PeerNamed && host.empty()) text(peer);
      else if (f == Field::PeerNamed) {
        peer_named_.assign(host).append(" (").append(peer).append(")");
        text(peer_named_);
      }
      break;
    }
    case Field::Denied:
      if (ev_.denied) text(deny_reason_name(ev_.deny_reason));
      break;
    case Field::Secret: {
      std::vector<std::string_view> labels;
      const auto scan = [&](const auto& self, const Arg& a) -> void {
        if (a.kind == ArgKind::Str || a.kind == ArgKind::Raw) append_marker_labels(a.text, labels);
        for (const Arg& item : a.items) self(self, item);
      };
      for (const Arg& a : ev_.args) scan(scan, a);
      for (std::string_view l : labels) text(l);
      break;
    }
  }
}

}  // namespace capsule
