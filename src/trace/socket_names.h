// strace -yy's names for sockets: "UNIX-STREAM:[INO->PEER]", "TCP:[127.0.0.1:40000->127.0.0.1:80]",
// "NETLINK:[ROUTE:1234]", asked of the kernel's NETLINK_SOCK_DIAG by inode, as strace does.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <unordered_map>

#include <cerrno>

#include "event/syscall_event.h"

namespace capsule {

// Whether the fds a call made or renamed are named after it: it succeeded, or it is a non-blocking
// connect under way (which has its peer already). Both backends ask this.
inline bool names_its_fds(const SyscallEvent& ev) {
  const bool connecting = ev.name == "connect" && ev.has_ret && ev.err == EINPROGRESS;
  return ev.has_ret && (ev.err == 0 || connecting);
}

class SocketNames {
 public:
  SocketNames() = default;
  ~SocketNames();
  SocketNames(const SocketNames&) = delete;
  SocketNames& operator=(const SocketNames&) = delete;

  // target is readlink(link) of an fd; a socket's "socket:[INO]" becomes strace's name for it,
  // anything else is left as it is. link is the /proc/TID/fd/N path: the kernel's protocol name
  // ("UNIX-STREAM", "TCPv6") is its system.sockprotoname attribute.
  // pid (the thread group) and fd say which fd it is: one sock_diag does not know yet ("TCP:[INO]")
  // is asked about again at the entry of the process's next call on it (asked_again).
  // fresh: the socket was just made by socket(); sock_diag cannot know it yet (it is neither bound
  // nor connected; raw sockets aside), so the answer, "TCP:[INO]", is given without asking.
  void rename(pid_t pid, int64_t fd, const char* link, std::string& target, bool fresh = false);

  // The same, for a socket whose protocol name ("TCP", "UNIX-STREAM": the kernel's sk_prot name,
  // what system.sockprotoname gives) and inode are known already (the eBPF backend's kernel side
  // reads them): target becomes strace's name for it when the protocol is one strace names.
  // ends: the socket's ends as the kernel held them at the call (the eBPF backend's kernel side
  // reads them there), used instead of asking sock_diag, which no longer knows a socket closed
  // since. nullptr: ask sock_diag.
  struct SocketEnds {
    int family = 0;             // AF_INET, AF_INET6 or AF_UNIX
    uint32_t local[4] = {};     // inet: network order
    uint32_t remote[4] = {};
    uint16_t local_port_be = 0;
    uint16_t remote_port_be = 0;
    uint64_t peer_inode = 0;    // unix: the peer's inode, 0 for none
    std::string path;           // unix: the address bound to it (abstract: a leading NUL)
  };
  // Returns whether there was an answer (else target is "PROTO:[INO]" for a protocol strace names,
  // as it is for rename, or left as it was).
  bool name_socket(pid_t pid, int64_t fd, std::string_view proto, uint64_t inode, std::string& target,
                   bool fresh = false, const SocketEnds* ends = nullptr);

  // Whether fd of pid is a socket sock_diag did not know at its last call; cheap when none is.
  bool asked_again(pid_t pid, int64_t fd) const {
    return !unknown_.empty() && unknown_.count(key(pid, fd)) > 0;
  }

 private:
  // The name sock_diag gave for inode before, if any.
  bool from_cache(uint64_t inode, std::string& target) const;
  // What sock_diag says, or empty (a TCP socket not bound yet, an unnamed unconnected unix socket).
  std::string ask_kernel(std::string_view proto, uint64_t inode);

  static uint64_t key(pid_t pid, int64_t fd) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(pid)) << 32) | static_cast<uint32_t>(fd);
  }

  std::unordered_map<uint64_t, uint64_t> unknown_;  // key(pid, fd) → the socket's inode
  int diag_fd_ = -1;  // opened at the first socket, kept: one query per socket call after that
  // strace keeps the first answer sock_diag gives for an inode and shows it from then on (even
  // after a later connect); a miss ("TCP:[INO]") is asked again. The same slots, the same answers.
  struct Slot {
    uint64_t inode = 0;
    std::string name;
  };
  std::array<Slot, 1024> cache_{};
};

}  // namespace capsule
