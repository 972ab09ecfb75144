// Socket options by level: SOL_SOCKET ints, SO_LINGER and SO_RCVTIMEO structs, SO_TYPE,
// SO_DOMAIN, SO_PROTOCOL, SO_ERROR, SO_PEERCRED's ucred, IP_TOS/IP_TTL, TCP_NODELAY and
// TCP_MAXSEG, IPV6_V6ONLY, an unknown option, a short optlen. Exits 0.
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  int v = 1;
  socklen_t len = sizeof v;
  setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v);
  getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
  len = sizeof v;
  getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len);
  len = sizeof v;
  getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len);
  len = sizeof v;
  getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &len);
  len = sizeof v;
  getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len);
  v = 65536;
  setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
  struct linger lg = {1, 5};
  setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  len = sizeof lg;
  getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len);
  struct timeval tv = {2, 500000};
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  v = IPTOS_LOWDELAY;
  setsockopt(s, IPPROTO_IP, IP_TOS, &v, sizeof v);
  v = 33;
  setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof v);
  len = sizeof v;
  getsockopt(s, IPPROTO_IP, IP_TTL, &v, &len);
  v = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v);
  len = sizeof v;
  getsockopt(s, IPPROTO_TCP, TCP_MAXSEG, &v, &len);
  setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v);
  len = 2;
  getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
  const int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof v);
  int sp[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
  struct ucred cred;
  len = sizeof cred;
  getsockopt(sp[0], SOL_SOCKET, SO_PEERCRED, &cred, &len);
  return 0;
}
