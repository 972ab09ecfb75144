// The run's table of host names for peer addresses, learnt from the event stream only (capsule
// never resolves anything itself): the DNS answers the traced programs received (UDP or TCP, on
// port 53, or on any port when the answer matches a query the run sent: same id, same name) and
// the /etc/hosts lines they read. A name is what the program was told, not a verified fact: a
// program can answer its own queries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "enrich/fd_table.h"
#include "event/syscall_event.h"

namespace capsule {

// The address part of a peer: "93.184.216.34:443" → "93.184.216.34", "[::1]:53" → "::1", an
// fd ref "TCP:[10.0.0.2:4000->93.184.216.34:443]" → its remote's address; "" when none.
std::string_view peer_ip(std::string_view peer_or_ref);

class PeerNames {
 public:
  static constexpr size_t kMaxNames = 65536;   // a run resolving more keeps the first ones
  static constexpr size_t kMaxQueries = 256;   // queries waiting for their answer

  // One event that moved data through `fd` (its entry before the call; nullptr when unknown).
  // `incoming`: the call read or received the bytes (else it wrote or sent them).
  void learn(const SyscallEvent& ev, const FdEntry* fd, bool incoming);

  // The name addr (an address, a peer "ip:port", or a socket's ref) was looked up as; "" when
  // the run never learnt one.
  std::string_view name_of(std::string_view addr) const;

  size_t size() const { return names_.size(); }
  bool empty() const { return names_.empty(); }

 private:
  struct Query {
    int32_t pid = 0;
    uint16_t id = 0;
    std::string name;
  };
  void learn_dns(const SyscallEvent& ev, const FdEntry& fd, bool incoming, const std::string& data);
  void learn_hosts_file(std::string_view text, bool cut);
  void add(const std::string& ip, std::string_view name, bool replace);

  std::unordered_map<std::string, std::string> names_;
  std::vector<Query> queries_;
  std::string data_;  // the event's bytes, reused
};

}  // namespace capsule
