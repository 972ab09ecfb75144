// strace -yy's names for sockets: "UNIX-STREAM:[INO->PEER]", "TCP:[127.0.0.1:40000->127.0.0.1:80]",
// "NETLINK:[ROUTE:1234]", asked of the kernel's NETLINK_SOCK_DIAG by inode, as strace does.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace capsule {

class SocketNames {
 public:
  SocketNames() = default;
  ~SocketNames();
  SocketNames(const SocketNames&) = delete;
  SocketNames& operator=(const SocketNames&) = delete;

  // target is readlink(link) of an fd; a socket's "socket:[INO]" becomes strace's name for it,
  // anything else is left as it is. link is the /proc/TID/fd/N path: the kernel's protocol name
  // ("UNIX-STREAM", "TCPv6") is its system.sockprotoname attribute.
  void rename(const char* link, std::string& target);

 private:
  // What sock_diag says, or empty (a TCP socket not bound yet, an unnamed unconnected unix socket).
  std::string ask_kernel(std::string_view proto, uint64_t inode);

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
