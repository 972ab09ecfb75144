// The tracer's side of the egress allow-list (docs/POLICY.md, "Egress by destination"): at the
// entry stop of connect, sendto and sendmsg it reads the destination the call hands the kernel
// (the sockaddr's bytes in the tracee, as the kernel will copy them) and asks the allow-list
// (egress_policy.h) with the names the run has been told so far; a refused call is skipped by the
// tracer and returns EACCES. The names come from every completed call the tracer sees (DNS answers,
// /etc/hosts reads: enrich/peer_names.h), learnt in the tracer's own thread, so that a connect
// right after its name's answer is judged with it (the pipeline's enricher runs later).
//
// Time of check: the tracer reads the sockaddr at the entry stop, the kernel copies it after the
// stop. Another thread of the process can change it in between (docs/SECURITY.md, "Egress").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "decode/syscall_decoder.h"
#include "enrich/peer_names.h"
#include "event/syscall_event.h"
#include "policy/egress_policy.h"

namespace capsule {

// What the egress check decided for one call entering.
struct EgressVerdict {
  bool refused = false;
  std::optional<Destination> destination;  // nullopt when the call names no inet destination
};

class EgressGuard {
 public:
  explicit EgressGuard(EgressPolicy policy) : policy_(std::move(policy)) {}

  // The call entering (registers), its process's memory read for the sockaddr. A destination that
  // cannot be read is refused (fail closed): the kernel might read what the tracer could not.
  EgressVerdict check(const RawSyscall& call, TraceeMemory& mem) const;

  // Every completed call, as the tracer emits it: the fds it created or renamed (created_fds,
  // renamed_fds: the kernel's names, as the enricher gets them), and the DNS answers and
  // /etc/hosts lines it read.
  void learn(const SyscallEvent& ev);

  std::string_view name_of(std::string_view ip) const { return names_.name_of(ip); }

 private:
  static uint64_t key(int32_t pid, int64_t fd) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(pid)) << 32) | static_cast<uint32_t>(fd);
  }

  EgressPolicy policy_;
  PeerNames names_;
  // The kernel's name of each fd a process opened while traced (by thread group), so that a read
  // is known to be of /etc/hosts and a receive to be on a UDP or TCP socket. An fd inherited from
  // before, or from a parent, is not known: its bytes teach no name (fail closed).
  std::unordered_map<uint64_t, std::string> fds_;
  static constexpr size_t kMaxFds = 1 << 16;
};

// The destination in a sockaddr's bytes (AF_INET, AF_INET6); nullopt for any other family.
std::optional<Destination> sockaddr_destination(const unsigned char* bytes, size_t len);

}  // namespace capsule
