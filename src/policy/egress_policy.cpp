#include "policy/egress_policy.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "enrich/event_args.h"
#include "enrich/socket_ref.h"
#include "policy/seccomp_profile.h"
#include "base/ascii_text.h"

namespace capsule {
namespace {

// A host name as DNS spells it: letters, digits, '-', '_' and dots, no empty label. The trailing
// dot of a fully qualified name is dropped (names are compared without it).
bool host_name(std::string& h) {
  if (h.ends_with('.')) h.pop_back();
  if (h.empty() || h.size() > 253 || h.front() == '.' || h.find("..") != std::string::npos) return false;
  return std::all_of(h.begin(), h.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
}

EgressRule parse_egress_rule(const nlohmann::json& j, const std::string& at) {
  constexpr const char* kForm = "expected HOST:PORT (127.0.0.1:8080, [::1]:5432, localhost:*)";
  if (!j.is_string()) profile_fail(at, kForm);
  const std::string text = j.get<std::string>();
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) profile_fail(at, kForm);
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  EgressRule r;
  if (port != "*") {
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc() || end != port.data() + port.size() || port.empty() || v > 65535) {
      profile_fail(at, "'" + port + "': expected a port number 0-65535 or *");
    }
    r.port = static_cast<uint16_t>(v);
  }
  if (host.front() == '[') {  // an IPv6 address is written in brackets: its own colons
    if (!host.ends_with(']')) profile_fail(at, kForm);
    host = host.substr(1, host.size() - 2);
    const auto ip = normal_address(host);
    if (!ip || host.find(':') == std::string::npos) profile_fail(at, "'" + host + "': not an IPv6 address");
    r.host = *ip;
    r.literal = true;
  } else if (host.find(':') != std::string::npos) {
    profile_fail(at, "'" + host + "': an IPv6 address is written in brackets ([::1]:5432)");
  } else if (const auto ip = normal_address(host)) {
    r.host = *ip;
    r.literal = true;
  } else {
    r.host = ascii_lower(host);
    if (!host_name(r.host)) profile_fail(at, "'" + host + "': not an address or a host name");
  }
  return r;
}

}  // namespace

std::optional<std::string> normal_address(std::string_view text) {
  const std::string s(text);
  in_addr v4{};
  char buf[INET6_ADDRSTRLEN] = {};
  if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    return std::string(::inet_ntop(AF_INET, &v4, buf, sizeof buf));
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, &v6.s6_addr[12], sizeof v4);
    return std::string(::inet_ntop(AF_INET, &v4, buf, sizeof buf));
  }
  return std::string(::inet_ntop(AF_INET6, &v6, buf, sizeof buf));
}

EgressPolicy parse_egress(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) profile_fail(where, "expected an object");
  EgressPolicy p;
  bool have_allow = false;
  for (const auto& [key, value] : j.items()) {
    const std::string at = where + "." + key;
    if (key == "allow") {
      if (!value.is_array()) profile_fail(at, "expected an array of HOST:PORT strings");
      for (size_t i = 0; i < value.size(); ++i) {
        EgressRule r = parse_egress_rule(value[i], at + "[" + std::to_string(i) + "]");
        if (std::find(p.allow.begin(), p.allow.end(), r) == p.allow.end()) p.allow.push_back(std::move(r));
      }
      have_allow = true;
    } else if (key != "comment") {
      profile_fail(at, "unknown key");
    }
  }
  if (!have_allow) profile_fail(where, "missing \"allow\" (an empty list refuses every destination)");
  return p;
}

std::string egress_rule_text(const EgressRule& r) {
  const std::string host = r.literal && r.host.find(':') != std::string::npos ? "[" + r.host + "]" : r.host;
  return host + ":" + (r.port ? std::to_string(*r.port) : std::string("*"));
}

nlohmann::ordered_json egress_json(const EgressPolicy& p) {
  nlohmann::ordered_json allow = nlohmann::ordered_json::array();
  for (const EgressRule& r : p.allow) allow.push_back(egress_rule_text(r));
  nlohmann::ordered_json j;
  j["allow"] = std::move(allow);
  return j;
}

std::string destination_text(const Destination& d) {
  return d.ip.find(':') != std::string::npos ? fmt::format("[{}]:{}", d.ip, d.port) : fmt::format("{}:{}", d.ip, d.port);
}

std::optional<Destination> egress_destination(const SyscallEvent& ev) {
  if (ev.type != EventType::Syscall) return std::nullopt;
  const Arg* sa = nullptr;
  if (ev.name == "connect") {
    sa = find_arg(ev, "addr", 1);
  } else if (ev.name == "sendto") {
    sa = find_arg(ev, "dest_addr", 4);
  } else if (ev.name == "sendmsg") {
    const Arg* msg = find_arg(ev, "msg", 1);
    sa = msg != nullptr && msg->kind == ArgKind::Struct ? find_item(*msg, "msg_name") : nullptr;
  }
  if (sa == nullptr) return std::nullopt;
  const std::string text = sockaddr_text(sa);  // "1.2.3.4:80", "[::1]:53"; "" or a path for others
  const size_t colon = text.rfind(':');
  if (text.empty() || colon == std::string::npos || text.front() == '/' || text.front() == '@') return std::nullopt;
  std::string_view host(text.data(), colon);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  const auto ip = normal_address(host);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
  if (!ip || ec != std::errc() || port > 65535) return std::nullopt;
  return Destination{*ip, static_cast<uint16_t>(port)};
}

bool egress_allows(const EgressPolicy& p, const Destination& d, std::string_view name) {
  std::string named = ascii_lower(name);
  if (named.ends_with('.')) named.pop_back();
  return std::any_of(p.allow.begin(), p.allow.end(), [&](const EgressRule& r) {
    if (r.port && *r.port != d.port) return false;
    return r.literal ? r.host == d.ip : !named.empty() && r.host == named;
  });
}

}  // namespace capsule
