// OCSF 4001 Network Activity from the socket actions on inet endpoints (docs/EXPORT.md,
// "Network Activity"). A target is an address ("127.0.0.1:80", "[::1]:80": connect, bind,
// sendto) or a socket's description ("TCP:[127.0.0.1:40000->127.0.0.1:80]", "TCP:[0.0.0.0:80]":
// the fd's, as enriched.jsonl names it). Unix sockets are not network activity and are not
// exported.
#include <arpa/inet.h>

#include <array>
#include <string>

#include "base/number_parse.h"
#include "export/ocsf_mappers.h"

namespace capsule::ocsf {

namespace {

constexpr int kNetworkActivityClass = 4001;

struct NetKind {
  std::string_view action;
  int activity_id;
  std::string_view activity_name;
  bool local_first;  // the target's one address is the local end (bind, listen, accept)
};

constexpr std::array<NetKind, 6> kNetKinds{{
    {"Connect", 1, "Open", false},
    {"Accept", 1, "Open", true},
    {"Bind", 99, "Bind", true},  // OCSF has no bind activity: Other, named
    {"Listen", 7, "Listen", true},
    {"Send", 6, "Traffic", false},
    {"Receive", 6, "Traffic", false},
}};

// "127.0.0.1:80" / "[::1]:80" → {ip, port}; nullopt for anything else (a unix path, "@name").
std::optional<nlohmann::json> endpoint(std::string_view text) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned char buf[16];
  const std::string h(host);
  const bool v6 = inet_pton(AF_INET6, h.c_str(), buf) == 1;
  if (!v6 && inet_pton(AF_INET, h.c_str(), buf) != 1) return std::nullopt;
  const auto p = parse_whole<uint16_t>(port);
  if (!p) return std::nullopt;
  return nlohmann::json{{"ip", h}, {"port", *p}};
}

struct Ends {
  std::optional<nlohmann::json> first, second;  // an address, or a description's local->remote
  std::string protocol;                          // "tcp", "udp"; "" when the target does not say
  bool ok = false;
};

Ends parse_target(const std::string& target) {
  Ends e;
  const auto open = target.find(":[");
  if (open != std::string::npos && target.back() == ']') {  // "TCP:[a->b]", "UDPv6:[[::1]:53]"
    std::string proto = target.substr(0, open);
    if (proto.rfind("TCP", 0) == 0) e.protocol = "tcp";
    if (proto.rfind("UDP", 0) == 0) e.protocol = "udp";
    const std::string inner = target.substr(open + 2, target.size() - open - 3);
    const auto arrow = inner.find("->");
    e.first = endpoint(arrow == std::string::npos ? inner : inner.substr(0, arrow));
    if (arrow != std::string::npos) e.second = endpoint(inner.substr(arrow + 2));
    e.ok = e.first.has_value() && !e.protocol.empty();
    return e;
  }
  e.first = endpoint(target);
  e.ok = e.first.has_value();
  return e;
}

}  // namespace

std::optional<nlohmann::json> network_activity(const nlohmann::json& a, const Inputs& in) {
  const std::string kind = a.value("kind", "");
  const NetKind* k = nullptr;
  for (const auto& nk : kNetKinds) {
    if (nk.action == kind) k = &nk;
  }
  if (k == nullptr) return std::nullopt;
  const Ends ends = parse_target(a.value("target", ""));
  if (!ends.ok) return std::nullopt;
  int activity = k->activity_id;
  std::string_view activity_name = k->activity_name;
  // A connect that every attempt of was refused is a Refuse.
  const auto errors = a.value("errors", nlohmann::json::object());
  if (kind == "Connect" && a.value("failed", 0) > 0 && errors.size() == 1 && errors.contains("ECONNREFUSED")) {
    activity = 5;
    activity_name = "Refuse";
  }
  const uint64_t seq = action_seq(a);
  auto e = base_event({kNetworkActivityClass, "Network Activity", 4, "Network Activity", activity, activity_name, 1,
                       iso_millis(a.value("start", "")), in.run.run_id + "/action/" + std::to_string(seq)},
                      in.run);
  e["actor"] = {{"process", process_object(context_at(in, seq, a.value("pid", 0), a.value("exe", "")))}};
  // A description is local->remote; a lone address is the remote end, except for the calls
  // that name the local one.
  std::optional<nlohmann::json> src = ends.second ? ends.first : (k->local_first ? ends.first : std::nullopt);
  std::optional<nlohmann::json> dst = ends.second ? ends.second : (k->local_first ? std::nullopt : ends.first);
  if (dst && a.contains("host")) (*dst)["hostname"] = a["host"];
  if (src) e["src_endpoint"] = *src;
  if (dst) e["dst_endpoint"] = *dst;
  nlohmann::json conn = nlohmann::json::object();
  if (!ends.protocol.empty()) conn["protocol_name"] = ends.protocol;
  if (kind == "Connect") conn["direction_id"] = 2, conn["direction"] = "Outbound";
  if (kind == "Accept") conn["direction_id"] = 1, conn["direction"] = "Inbound";
  if (!conn.empty()) e["connection_info"] = conn;
  if (kind == "Send") e["traffic"] = {{"bytes_out", a.value("bytes", uint64_t{0})}};
  if (kind == "Receive") e["traffic"] = {{"bytes_in", a.value("bytes", uint64_t{0})}};
  add_action_facts(a, e);
  return e;
}

}  // namespace capsule::ocsf
