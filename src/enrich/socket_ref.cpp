#include "enrich/socket_ref.h"

#include <sys/socket.h>

#include <cctype>

#include "enrich/event_args.h"

namespace capsule {

std::string socket_label(const Arg* domain, const Arg* type) {
  // PF_* and AF_* are the same numbers.
  const bool inet = is_value(domain, AF_INET);
  const bool inet6 = is_value(domain, AF_INET6);
  // The type arg may carry SOCK_NONBLOCK|SOCK_CLOEXEC: the base type is in the low bits.
  constexpr int64_t kSockTypeMask = 0xF;
  const auto bits = arg_int(type);
  const int base_type = bits ? static_cast<int>(*bits & kSockTypeMask) : -1;
  // The kernel's protocol names (the socket's system.sockprotoname, which strace -yy shows): a
  // stream socket's is "UNIX-STREAM" (Linux 5.15 and later), datagram and seqpacket ones' "UNIX".
  if (is_value(domain, AF_UNIX)) return base_type == SOCK_STREAM ? "UNIX-STREAM" : "UNIX";
  if (is_value(domain, AF_NETLINK)) return "NETLINK";
  if (!inet && !inet6) return {};
  std::string label;
  if (base_type == SOCK_STREAM) {
    label = "TCP";
  } else if (base_type == SOCK_DGRAM) {
    label = "UDP";
  } else if (base_type == SOCK_RAW) {
    label = "RAW";
  } else {
    return {};
  }
  if (inet6) label += "v6";
  return label;
}

std::string sockaddr_text(const Arg* addr) {
  if (addr == nullptr || addr->kind != ArgKind::Struct) return {};
  const Arg* family = find_item(*addr, "sa_family");
  if (is_value(family, AF_UNIX)) {
    const Arg* path = find_item(*addr, "sun_path");
    if (path == nullptr || path->kind != ArgKind::Str || path->text.empty()) return {};
    // An abstract address starts with NUL; strace writes it as @name.
    if (path->text.front() == '\0') return "@" + path->text.substr(1);
    return path->text;
  }
  const bool inet6 = is_value(family, AF_INET6);
  if (!inet6 && !is_value(family, AF_INET)) return {};
  const Arg* ip = find_item(*addr, inet6 ? "sin6_addr" : "sin_addr");
  const auto port = arg_int(find_item(*addr, inet6 ? "sin6_port" : "sin_port"));
  if (ip == nullptr || (ip->kind != ArgKind::Str && ip->kind != ArgKind::Raw) || !port) return {};
  std::string text;
  if (inet6) {
    text = "[" + ip->text + "]";
  } else {
    text = ip->text;
  }
  text += ":" + std::to_string(*port);
  return text;
}

void split_socket_ref(std::string_view ref, std::string& proto, std::string& local, std::string& remote) {
  const size_t open = ref.find(":[");
  if (open == std::string_view::npos || !ref.ends_with(']')) return;
  proto = ref.substr(0, open);
  std::string_view inner = ref.substr(open + 2, ref.size() - open - 3);
  const size_t arrow = inner.find("->");
  if (arrow == std::string_view::npos) {
    if (!inner.empty() && std::isdigit(static_cast<unsigned char>(inner.front())) == 0 && inner.front() != '[' &&
        inner.front() != '/' && inner.front() != '@') {
      return;  // "socket:[12345]": an inode, not an address
    }
    local = inner;
    return;
  }
  if (inner.substr(0, arrow) != "?") local = inner.substr(0, arrow);
  remote = inner.substr(arrow + 2);
}

void refresh_socket_ref(FdEntry& e) {
  if (e.proto.empty()) return;
  e.ref = e.proto;
  e.ref += ":[";
  if (!e.remote.empty()) {
    e.ref += e.local.empty() ? "?" : e.local;
    e.ref += "->";
    e.ref += e.remote;
  } else {
    e.ref += e.local;
  }
  e.ref += ']';
}

}  // namespace capsule
