// strace -yy's names for sockets, built from what the events say (socket's domain and type,
// bind/connect/accept addresses) instead of asking the kernel's sock_diag per call.
#pragma once

#include <string>
#include <string_view>

#include "enrich/fd_table.h"
#include "event/syscall_event.h"

namespace capsule {

// "TCP", "UDP", "TCPv6", "UDPv6", "UNIX-STREAM", "UNIX", "NETLINK", "RAW", "RAWv6"; empty when the pair is not
// one of those. domain/type are socket()'s args (Symbol or numeric).
std::string socket_label(const Arg* domain, const Arg* type);

// "127.0.0.1:8080", "[::1]:53", "/run/x.sock", "@abstract" from a decoded sockaddr Struct; empty
// when the struct does not say (unnamed unix socket, unknown family).
std::string sockaddr_text(const Arg* addr);

// A socket's ref "TCP:[1.2.3.4:5->6.7.8.9:80]" → proto, local, remote (a "?" local stays
// empty); an inode ref ("socket:[12345]") gives nothing.
void split_socket_ref(std::string_view ref, std::string& proto, std::string& local, std::string& remote);

// Rebuilds e.ref from e.proto/local/remote: "TCP:[local->remote]", "TCP:[local]",
// "TCP:[?->remote]" (local address not known), "TCP:[]" (nothing known yet). Without a
// protocol label (a socket inherited as "socket:[ino]") the ref is left as it is.
void refresh_socket_ref(FdEntry& e);

}  // namespace capsule
