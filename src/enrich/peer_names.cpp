#include "enrich/peer_names.h"

#include <algorithm>

#include "enrich/dns_message.h"
#include "enrich/event_args.h"
#include "enrich/socket_ref.h"

namespace capsule {
namespace {

constexpr std::string_view kHostsFile = "/etc/hosts";
constexpr std::string_view kDnsPort = ":53";

// The bytes the call moved: its buffer, or its iovecs (readv, recvmsg…) one after the other.
// `cut`: some of them were not recorded (--string-limit).
void collect_data(const Arg& a, std::string& out, bool& cut) {
  if (a.kind == ArgKind::Str && (a.name == "buf" || a.name == "iov_base")) {
    out += a.text;
    cut = cut || a.truncated;
    return;
  }
  for (const Arg& item : a.items) collect_data(item, out, cut);
}

// The sockaddr an unconnected socket sent to or received from (sendto's dest_addr, recvfrom's
// src_addr, a msghdr's msg_name).
std::string message_peer(const SyscallEvent& ev) {
  for (const Arg& a : ev.args) {
    if (a.kind != ArgKind::Struct) continue;
    if (a.name == "dest_addr" || a.name == "src_addr") return sockaddr_text(&a);
    if (a.name == "msg") {
      if (const Arg* n = find_item(a, "msg_name"); n != nullptr) return sockaddr_text(n);
    }
  }
  return {};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

std::string_view peer_ip(std::string_view peer) {
  if (const size_t arrow = peer.find("->"); arrow != std::string_view::npos) {
    peer = peer.substr(arrow + 2);
    if (peer.ends_with(']')) peer.remove_suffix(1);
  }
  if (peer.starts_with('[')) {
    const size_t close = peer.find(']');
    return close == std::string_view::npos ? std::string_view() : peer.substr(1, close - 1);
  }
  const size_t colon = peer.find(':');
  if (colon != std::string_view::npos && peer.find(':', colon + 1) == std::string_view::npos) {
    return peer.substr(0, colon);  // "1.2.3.4:80"; an IPv6 address without brackets stays whole
  }
  return peer;
}

std::string_view PeerNames::name_of(std::string_view addr) const {
  if (names_.empty()) return {};
  const std::string_view ip = peer_ip(addr);
  if (ip.empty()) return {};
  const auto it = names_.find(std::string(ip));
  return it == names_.end() ? std::string_view() : std::string_view(it->second);
}

void PeerNames::add(const std::string& ip, std::string_view name, bool replace) {
  if (ip.empty() || name.empty()) return;
  if (auto it = names_.find(ip); it != names_.end()) {
    if (replace) it->second.assign(name);
    return;
  }
  if (names_.size() < kMaxNames) names_.emplace(ip, std::string(name));
}

void PeerNames::learn(const SyscallEvent& ev, const FdEntry* fd, bool incoming) {
  if (fd == nullptr || !succeeded(ev) || ev.ret <= 0) return;
  const bool socket = fd->cls == ResourceClass::Socket;
  const bool hosts = incoming && fd->ref == kHostsFile;
  if (!socket && !hosts) return;
  data_.clear();
  bool cut = false;
  for (const Arg& a : ev.args) collect_data(a, data_, cut);
  // Only the bytes the call moved count (the buffer of a read may be longer than what it got).
  if (data_.size() > static_cast<uint64_t>(ev.ret)) data_.resize(static_cast<size_t>(ev.ret));
  if (data_.empty()) return;
  if (hosts) {
    learn_hosts_file(data_, cut);
  } else {
    learn_dns(ev, *fd, incoming, data_);
  }
}

void PeerNames::learn_dns(const SyscallEvent& ev, const FdEntry& fd, bool incoming, const std::string& data) {
  // The strace backend names sockets by their ref only ("UDP:[a->b]"): read the parts from it.
  std::string proto = fd.proto, local, remote = fd.remote;
  if (proto.empty()) split_socket_ref(fd.ref, proto, local, remote);
  const bool stream = proto.starts_with("TCP");
  if (!stream && !proto.starts_with("UDP")) return;
  const auto msg = stream ? parse_dns_stream_message(data) : parse_dns_message(data);
  if (!msg || msg->question.empty()) return;
  if (!incoming) {
    if (msg->response) return;
    if (queries_.size() >= kMaxQueries) queries_.erase(queries_.begin());
    queries_.push_back(Query{ev.pid, msg->id, msg->question});
    return;
  }
  if (!msg->response || msg->addresses.empty()) return;
  const auto asked = std::find_if(queries_.begin(), queries_.end(), [&](const Query& q) {
    return q.pid == ev.pid && q.id == msg->id && q.name == msg->question;
  });
  const bool matched = asked != queries_.end();
  if (matched) queries_.erase(asked);
  // A resolver's answer comes from port 53 (glibc sends its queries with sendmmsg, whose
  // messages are not decoded: the answer alone must do).
  const std::string from = message_peer(ev);
  const bool from_resolver = remote.ends_with(kDnsPort) || from.ends_with(kDnsPort);
  if (!matched && !from_resolver) return;
  // The name asked for, not the CNAME chain's end: that is what the program meant to reach.
  for (const std::string& ip : msg->addresses) add(ip, msg->question, true);
}

void PeerNames::learn_hosts_file(std::string_view text, bool cut) {
  // "ADDRESS NAME [ALIAS…]  # comment": the canonical name. Earlier DNS answers are kept, so that
  // the resolver's look at hosts before asking DNS does not rename what DNS answered.
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (nl == std::string_view::npos && cut) break;  // cut short by --string-limit: so may its name be
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::string_view fields[2];
    size_t n = 0;
    size_t i = 0;
    while (n < 2 && i < line.size()) {
      while (i < line.size() && is_space(line[i])) ++i;
      const size_t start = i;
      while (i < line.size() && !is_space(line[i])) ++i;
      if (i > start) fields[n++] = line.substr(start, i - start);
    }
    if (n == 2) add(std::string(fields[0]), fields[1], false);
  }
}

}  // namespace capsule
