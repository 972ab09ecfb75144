#include "policy/egress_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "decode/signatures.h"
#include "enrich/resource_class.h"
#include "enrich/socket_ref.h"

namespace capsule {
namespace {

// Where a call's sockaddr is: its address and length. A null address or length names no
// destination (a send on a connected socket goes where its connect went, judged then).
struct SockaddrAt {
  bool readable = true;
  uint64_t addr = 0;
  uint64_t len = 0;
};

// struct msghdr begins with msg_name and msg_namelen: 8+4 bytes (and 56 in all) on 64-bit, 4+4
// (28 in all) on i386; struct mmsghdr adds msg_len, padded to 64 and 32.
SockaddrAt msghdr_name(uint32_t arch, uint64_t at, TraceeMemory& mem) {
  const bool wide = arch == kArchX86_64;
  unsigned char head[12] = {};
  const size_t want = wide ? 12 : 8;
  if (mem.read(at, head, want) != want) return SockaddrAt{false, 0, 0};
  SockaddrAt out;
  uint32_t len = 0;
  if (wide) {
    std::memcpy(&out.addr, head, 8);
    std::memcpy(&len, head + 8, 4);
  } else {
    uint32_t p = 0;
    std::memcpy(&p, head, 4);
    std::memcpy(&len, head + 4, 4);
    out.addr = p;
  }
  out.len = len;
  return out;
}

// Every sockaddr the call hands the kernel as a destination.
std::vector<SockaddrAt> destinations_of(const RawSyscall& call, std::string_view name, TraceeMemory& mem) {
  if (name == "connect") return {SockaddrAt{true, call.args[1], call.args[2]}};
  if (name == "sendto") return {SockaddrAt{true, call.args[4], call.args[5]}};
  if (name == "sendmsg") return {msghdr_name(call.arch, call.args[1], mem)};
  if (name == "sendmmsg") {
    // The kernel sends at most UIO_MAXIOV (1024) messages per call; it reads no more.
    const uint64_t n = std::min<uint64_t>(call.args[2] & 0xffffffffu, 1024);
    const uint64_t size = call.arch == kArchX86_64 ? 64 : 32;
    std::vector<SockaddrAt> out;
    for (uint64_t i = 0; i < n; ++i) out.push_back(msghdr_name(call.arch, call.args[1] + i * size, mem));
    return out;
  }
  return {};
}

}  // namespace

std::optional<Destination> sockaddr_destination(const unsigned char* bytes, size_t len) {
  if (len < sizeof(sa_family_t)) return std::nullopt;
  sa_family_t family = 0;
  std::memcpy(&family, bytes, sizeof family);
  char buf[INET6_ADDRSTRLEN] = {};
  if (family == AF_INET && len >= sizeof(sockaddr_in)) {
    sockaddr_in sin{};
    std::memcpy(&sin, bytes, sizeof sin);
    ::inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof buf);
    return Destination{buf, ntohs(sin.sin_port)};
  }
  if (family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    sockaddr_in6 sin6{};
    std::memcpy(&sin6, bytes, sizeof sin6);
    ::inet_ntop(AF_INET6, &sin6.sin6_addr, buf, sizeof buf);
    const auto ip = normal_address(buf);  // an IPv4-mapped address is the IPv4 one
    return Destination{ip ? *ip : std::string(buf), ntohs(sin6.sin6_port)};
  }
  return std::nullopt;
}

EgressVerdict EgressGuard::check(const RawSyscall& call, TraceeMemory& mem) const {
  const SyscallSignature* sig = find_syscall(call.arch, call.nr);
  if (sig == nullptr) return {};
  // i386's socketcall multiplexes every socket call behind one number: not read, refused.
  if (sig->name == "socketcall") return EgressVerdict{true, std::nullopt};
  EgressVerdict verdict;
  for (const SockaddrAt& at : destinations_of(call, sig->name, mem)) {
    if (at.readable && (at.addr == 0 || at.len == 0)) continue;
    unsigned char bytes[sizeof(sockaddr_storage)] = {};
    const size_t want = std::min<uint64_t>(at.len, sizeof bytes);
    if (!at.readable || mem.read(at.addr, bytes, want) != want) return EgressVerdict{true, std::nullopt};
    auto d = sockaddr_destination(bytes, want);
    if (!d) continue;  // not IPv4 or IPv6: unix sockets, netlink… are not egress
    if (!egress_allows(policy_, *d, names_.name_of(d->ip))) return EgressVerdict{true, std::move(d)};
    if (!verdict.destination) verdict.destination = std::move(d);
  }
  return verdict;
}

void EgressGuard::learn(const SyscallEvent& ev) {
  if (ev.type != EventType::Syscall) return;
  for (const auto* list : {&ev.created_fds, &ev.renamed_fds}) {
    for (const FdRef& r : *list) {
      if (fds_.size() < kMaxFds || fds_.count(key(ev.pid, r.fd)) > 0) fds_[key(ev.pid, r.fd)] = r.ref;
    }
  }
  if (ev.args.empty() || !ev.has_ret || ev.ret < 0) return;
  if (ev.name == "close") {
    fds_.erase(key(ev.pid, ev.args[0].num));
    return;
  }
  if (ev.ret == 0) return;
  const SyscallSignature* sig = find_signature(ev.name);
  if (sig == nullptr) return;
  const ActionKind kind = sig->facts.action.kind;
  const bool incoming = kind == ActionKind::Read || kind == ActionKind::Receive;
  if (!incoming && kind != ActionKind::Write && kind != ActionKind::Send) return;
  // The fd the bytes moved through, as the kernel named it ("UDP:[…->…:53]", "/etc/hosts").
  const auto it = fds_.find(key(ev.pid, ev.args[0].num));
  if (it == fds_.end()) return;
  FdEntry fd;
  fd.ref = it->second;
  fd.cls = classify_ref(fd.ref);
  split_socket_ref(fd.ref, fd.proto, fd.local, fd.remote);
  names_.learn(ev, &fd, incoming);
}

}  // namespace capsule
