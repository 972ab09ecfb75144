#include "trace/socket_names.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>

#include "decode/flag_tables.h"
#include "decode/flags.h"

namespace capsule {
namespace {

// linux/in.h has it, netinet/in.h (which must not meet it) does not.
constexpr int kIpprotoL2tp = 115;

enum class Family : uint8_t { Unix, Inet, Netlink };

struct Proto {
  std::string_view name;  // the kernel's sk_prot->name
  Family family;
  int af;
  int ipproto;
};

// The protocols strace resolves by sock_diag (socketutils.c), by the kernel's names for them.
constexpr Proto kProtos[] = {
    {"UNIX", Family::Unix, AF_UNIX, 0},
    {"UNIX-STREAM", Family::Unix, AF_UNIX, 0},
    {"TCP", Family::Inet, AF_INET, IPPROTO_TCP},
    {"UDP", Family::Inet, AF_INET, IPPROTO_UDP},
    {"UDPLITE", Family::Inet, AF_INET, IPPROTO_UDPLITE},
    {"DCCP", Family::Inet, AF_INET, IPPROTO_DCCP},
    {"SCTP", Family::Inet, AF_INET, IPPROTO_SCTP},
    {"L2TP/IP", Family::Inet, AF_INET, kIpprotoL2tp},
    {"PING", Family::Inet, AF_INET, IPPROTO_ICMP},
    {"RAW", Family::Inet, AF_INET, IPPROTO_RAW},
    {"TCPv6", Family::Inet, AF_INET6, IPPROTO_TCP},
    {"UDPv6", Family::Inet, AF_INET6, IPPROTO_UDP},
    {"UDPLITEv6", Family::Inet, AF_INET6, IPPROTO_UDPLITE},
    {"DCCPv6", Family::Inet, AF_INET6, IPPROTO_DCCP},
    {"SCTPv6", Family::Inet, AF_INET6, IPPROTO_SCTP},
    {"L2TP/IPv6", Family::Inet, AF_INET6, kIpprotoL2tp},
    {"PINGv6", Family::Inet, AF_INET6, IPPROTO_ICMP},
    {"RAWv6", Family::Inet, AF_INET6, IPPROTO_RAW},
    {"NETLINK", Family::Netlink, AF_NETLINK, 0},
};

const Proto* find_proto(std::string_view name) {
  for (const Proto& p : kProtos) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// NLMSG_DATA, without its C cast.
template <typename T>
const T* payload(const nlmsghdr& h) {
  return reinterpret_cast<const T*>(reinterpret_cast<const char*>(&h) + NLMSG_ALIGN(sizeof(nlmsghdr)));
}

// Sends one SOCK_DIAG_BY_FAMILY request: req after its netlink header, as the kernel reads it.
template <typename Req>
bool send_request(int fd, uint16_t flags, const Req& req) {
  struct {
    nlmsghdr nlh;
    Req req;
  } q{};
  q.nlh.nlmsg_len = sizeof(q);
  q.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  q.nlh.nlmsg_flags = static_cast<uint16_t>(NLM_F_REQUEST | flags);
  q.req = req;
  sockaddr_nl nl{};
  nl.nl_family = AF_NETLINK;
  iovec iov{&q, sizeof(q)};
  msghdr msg{};
  msg.msg_name = &nl;
  msg.msg_namelen = sizeof(nl);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  for (;;) {
    if (::sendmsg(fd, &msg, 0) >= 0) return true;
    if (errno != EINTR) return false;
  }
}

// Reads the answers until `match` finds the inode (true) or the dump ends (false). match returns
// 1 (found, stop), 0 (another socket, go on) or -1 (an answer it cannot read, stop).
bool receive(int fd, const std::function<int(const nlmsghdr&)>& match) {
  alignas(nlmsghdr) static char buf[8192];
  int flags = 0;
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof(buf), flags);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    int left = static_cast<int>(n);
    const auto* h = reinterpret_cast<const nlmsghdr*>(buf);
    if (!NLMSG_OK(h, left)) return false;
    for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) return false;  // NLMSG_DONE or NLMSG_ERROR
      const int rc = match(*h);
      if (rc != 0) return rc > 0;
    }
    flags = MSG_DONTWAIT;
  }
}

// "INO->PEER" and ",\"path\"" (abstract: ",@\"name\"") as strace writes them; empty when the
// socket has neither (strace then falls back to "UNIX:[INO]").
std::string unix_text(std::string_view proto, uint64_t inode, uint64_t peer, std::string path) {
  if (peer == 0 && path.empty()) return {};
  std::string out(proto);
  out.append(":[").append(std::to_string(inode));
  if (peer != 0) out.append("->").append(std::to_string(peer));
  if (!path.empty()) {
    out += ',';
    if (path.front() == '\0') {
      out += '@';
      path.erase(0, 1);
    }
    // strace quotes up to the first NUL.
    path.resize(std::strlen(path.c_str()));
    out.append("\"").append(path).append("\"");
  }
  out += ']';
  return out;
}

int unix_answer(const nlmsghdr& h, uint64_t inode, std::string_view proto, std::string& out) {
  const auto* m = payload<unix_diag_msg>(h);
  int rta_len = static_cast<int>(h.nlmsg_len) - static_cast<int>(NLMSG_LENGTH(sizeof(*m)));
  if (rta_len < 0) return -1;
  if (m->udiag_ino != inode) return 0;
  uint32_t peer = 0;
  std::string path;
  bool named = false;
  for (auto* a = reinterpret_cast<const rtattr*>(m + 1); RTA_OK(a, rta_len); a = RTA_NEXT(a, rta_len)) {
    if (a->rta_type == UNIX_DIAG_NAME && !named) {
      named = true;
      path.assign(static_cast<const char*>(static_cast<const void*>(RTA_DATA(a))), RTA_PAYLOAD(a));
    } else if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(peer)) {
      std::memcpy(&peer, RTA_DATA(a), sizeof(peer));
    }
  }
  out = unix_text(proto, inode, peer, path);
  return out.empty() ? -1 : 1;
}

std::string address(int af, const uint32_t* raw, uint16_t port_be) {
  char text[INET6_ADDRSTRLEN] = {};
  if (::inet_ntop(af, raw, text, sizeof(text)) == nullptr) return {};
  std::string out = af == AF_INET6 ? "[" + std::string(text) + "]" : std::string(text);
  return out + ":" + std::to_string(ntohs(port_be));
}

int inet_answer(const nlmsghdr& h, uint64_t inode, std::string_view proto, std::string& out) {
  if (h.nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg))) return -1;
  const auto* m = payload<inet_diag_msg>(h);
  if (m->idiag_inode != inode) return 0;
  if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6) return -1;
  const size_t addr_size = m->idiag_family == AF_INET6 ? 16 : 4;
  static constexpr uint32_t kZero[4] = {};
  out.assign(proto).append(":[").append(address(m->idiag_family, m->id.idiag_src, m->id.idiag_sport));
  if (m->id.idiag_dport != 0 || std::memcmp(kZero, m->id.idiag_dst, addr_size) != 0) {
    out.append("->").append(address(m->idiag_family, m->id.idiag_dst, m->id.idiag_dport));
  }
  out += ']';
  return 1;
}

// sock_diag's answer for an inet socket, from its ends: empty where sock_diag would not know it
// (no local port: neither bound nor connected).
std::string ends_text(std::string_view proto, uint64_t inode, const SocketNames::SocketEnds& e) {
  if (e.family == AF_UNIX) return unix_text(proto, inode, e.peer_inode, e.path);
  if (e.local_port_be == 0 || (e.family != AF_INET && e.family != AF_INET6)) return {};
  static constexpr uint32_t kZero[4] = {};
  const size_t addr_size = e.family == AF_INET6 ? 16 : 4;
  std::string out(proto);
  out.append(":[").append(address(e.family, e.local, e.local_port_be));
  if (e.remote_port_be != 0 || std::memcmp(kZero, e.remote, addr_size) != 0) {
    out.append("->").append(address(e.family, e.remote, e.remote_port_be));
  }
  return out + "]";
}

int netlink_answer(const nlmsghdr& h, uint64_t inode, std::string_view proto, std::string& out) {
  if (h.nlmsg_len < NLMSG_LENGTH(sizeof(netlink_diag_msg))) return -1;
  const auto* m = payload<netlink_diag_msg>(h);
  if (m->ndiag_ino != inode) return 0;
  if (m->ndiag_family != AF_NETLINK) return -1;
  out.assign(proto).append(":[");
  if (const FlagName* n = find_constant(tables::kNetlinkProtocols, m->ndiag_protocol)) {
    std::string_view name = n->name;
    name.remove_prefix(std::string_view("NETLINK_").size());
    out.append(name).append(":").append(std::to_string(m->ndiag_portid));
  } else {
    out.append(std::to_string(m->ndiag_protocol));
  }
  out += ']';
  return 1;
}

}  // namespace

SocketNames::~SocketNames() {
  if (diag_fd_ >= 0) ::close(diag_fd_);
}

std::string SocketNames::ask_kernel(std::string_view proto_name, uint64_t inode) {
  const Proto* proto = find_proto(proto_name);
  if (proto == nullptr) return {};
  if (diag_fd_ < 0) diag_fd_ = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (diag_fd_ < 0) return {};
  std::string out;
  bool sent = false;
  std::function<int(const nlmsghdr&)> match;
  if (proto->family == Family::Unix) {
    // Asked by inode: the kernel answers for that socket alone.
    unix_diag_req q{};
    q.sdiag_family = AF_UNIX;
    q.udiag_ino = static_cast<uint32_t>(inode);
    q.udiag_states = ~0U;
    q.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
    q.udiag_cookie[0] = q.udiag_cookie[1] = ~0U;
    sent = send_request(diag_fd_, 0, q);
    match = [&](const nlmsghdr& h) { return unix_answer(h, inode, proto->name, out); };
  } else if (proto->family == Family::Inet) {
    // inet_diag has no lookup by inode: the family's sockets are dumped and searched.
    inet_diag_req_v2 q{};
    q.sdiag_family = static_cast<uint8_t>(proto->af);
    q.sdiag_protocol = static_cast<uint8_t>(proto->ipproto);
    q.idiag_states = ~0U;
    sent = send_request(diag_fd_, NLM_F_DUMP, q);
    match = [&](const nlmsghdr& h) { return inet_answer(h, inode, proto->name, out); };
  } else {
    netlink_diag_req q{};
    q.sdiag_family = AF_NETLINK;
    q.sdiag_protocol = NDIAG_PROTO_ALL;
    sent = send_request(diag_fd_, NLM_F_DUMP, q);
    match = [&](const nlmsghdr& h) { return netlink_answer(h, inode, proto->name, out); };
  }
  if (!sent || !receive(diag_fd_, match)) out.clear();
  // A dump stopped early leaves answers queued: start the next query on an empty socket.
  alignas(nlmsghdr) char drain[8192];
  while (::recv(diag_fd_, drain, sizeof(drain), MSG_DONTWAIT) > 0) {
  }
  return out;
}

bool SocketNames::from_cache(uint64_t inode, std::string& target) const {
  const Slot& slot = cache_[inode % cache_.size()];
  if (slot.inode != inode || slot.name.empty()) return false;
  target = slot.name;
  return true;
}

void SocketNames::rename(pid_t pid, int64_t fd, const char* link, std::string& target, bool fresh) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!unknown_.empty()) unknown_.erase(key(pid, fd));  // asked now; kept below if still unknown
  if (!target.starts_with(kPrefix) || !target.ends_with(']')) return;
  uint64_t inode = 0;
  const char* first = target.data() + kPrefix.size();
  const char* last = target.data() + target.size() - 1;
  if (std::from_chars(first, last, inode).ptr != last) return;
  if (from_cache(inode, target)) return;  // without asking for the protocol's name
  char proto[64] = {};
  const ssize_t n = ::getxattr(link, "system.sockprotoname", proto, sizeof(proto) - 1);
  if (n <= 0) return;  // strace too shows "socket:[INO]" when it cannot tell the protocol
  (void)name_socket(pid, fd, std::string_view(proto, strnlen(proto, static_cast<size_t>(n))), inode, target, fresh);
}

bool SocketNames::name_socket(pid_t pid, int64_t fd, std::string_view proto, uint64_t inode, std::string& target,
                              bool fresh, const SocketEnds* ends) {
  if (from_cache(inode, target)) return true;
  Slot& slot = cache_[inode % cache_.size()];
  // A raw socket is hashed, so known to sock_diag, from its creation on.
  const bool unknown_yet = fresh && !proto.starts_with("RAW");
  std::string answer;
  if (!unknown_yet) answer = ends != nullptr ? ends_text(proto, inode, *ends) : ask_kernel(proto, inode);
  if (!answer.empty()) {
    slot.inode = inode;
    slot.name = answer;
    target = std::move(answer);
    return true;
  }
  if (find_proto(proto) != nullptr) {
    target.assign(proto).append(":[").append(std::to_string(inode)).append("]");
    unknown_[key(pid, fd)] = inode;
  }
  return false;
}

}  // namespace capsule
