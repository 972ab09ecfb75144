// The egress part of a capsule policy (docs/POLICY.md, "Egress by destination"): the destinations
// the program may connect or send to, as "HOST:PORT". HOST is a literal address (127.0.0.1,
// [::1]) or a name; PORT a number or *. A name matches the addresses the run was told it stands
// for (the DNS answers and /etc/hosts lines the traced programs read: enrich/peer_names.h), never
// a lookup of capsule's own. Only IPv4 and IPv6 destinations are judged (unix sockets, netlink…
// are not network egress).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/syscall_event.h"

namespace capsule {

struct EgressRule {
  std::string host;               // a normalised address ("127.0.0.1", "::1") or a lower-case name
  bool literal = false;           // host is an address
  std::optional<uint16_t> port;   // nullopt: any port ("*")
  bool operator==(const EgressRule&) const = default;
};

struct EgressPolicy {
  std::vector<EgressRule> allow;  // as written, duplicates removed
  bool operator==(const EgressPolicy&) const = default;
};

// A destination: an address as the rules compare it (an IPv4-mapped IPv6 address is the IPv4
// one) and a port.
struct Destination {
  std::string ip;
  uint16_t port = 0;
  bool operator==(const Destination&) const = default;
};

// Reads the "egress" object ({"allow": ["127.0.0.1:8080", "localhost:*", "[::1]:5432"]}). Throws
// ProfileError positioned by JSON path ("egress.allow[1]: expected HOST:PORT …").
EgressPolicy parse_egress(const nlohmann::json& j, const std::string& where);
nlohmann::ordered_json egress_json(const EgressPolicy& p);

// One allow-list entry's text: "127.0.0.1:8080", "[::1]:*", "localhost:443".
std::string egress_rule_text(const EgressRule& r);
// "127.0.0.1:8080", "[::1]:5432".
std::string destination_text(const Destination& d);

// The address an IPv4 or IPv6 text stands for, normalised ("::ffff:127.0.0.1" → "127.0.0.1");
// nullopt when it is not an address.
std::optional<std::string> normal_address(std::string_view text);

// Where a call sends to, from its decoded arguments: connect's addr, sendto's dest_addr,
// sendmsg's msg_name, when they are IPv4 or IPv6. nullopt for any other call or address (a
// send without an address goes where the socket's connect went, which was judged then).
std::optional<Destination> egress_destination(const SyscallEvent& ev);

// Whether the policy lets the call reach d; `name`: what the run was told d.ip is called ("" when
// nothing named it).
bool egress_allows(const EgressPolicy& p, const Destination& d, std::string_view name);

}  // namespace capsule
