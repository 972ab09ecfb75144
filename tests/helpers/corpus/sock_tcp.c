// TCP on loopback: a listener on 127.0.0.1 port 0 (the kernel's port, which the comparison
// replaces), connect, accept4 without an address and accept with one, data both ways,
// getsockname/getpeername, shutdown; an IPv6 socket on ::1; a refused connect. Exits 0.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const int srv = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const int one = 1;
  setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(srv, (struct sockaddr*)&sa, sizeof sa);
  listen(srv, 8);
  socklen_t len = sizeof sa;
  getsockname(srv, (struct sockaddr*)&sa, &len);
  const int c1 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  connect(c1, (struct sockaddr*)&sa, sizeof sa);
  const int a1 = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
  const int c2 = socket(AF_INET, SOCK_STREAM, 0);
  connect(c2, (struct sockaddr*)&sa, sizeof sa);
  struct sockaddr_in peer;
  len = sizeof peer;
  const int a2 = accept(srv, (struct sockaddr*)&peer, &len);
  write(c1, "ping", 4);
  char buf[16];
  read(a1, buf, sizeof buf);
  sendto(a2, "pong", 4, 0, NULL, 0);
  recvfrom(c2, buf, sizeof buf, 0, NULL, NULL);
  len = sizeof peer;
  getpeername(a2, (struct sockaddr*)&peer, &len);
  setsockopt(c1, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  shutdown(c1, SHUT_RDWR);
  close(c1);
  close(a1);
  const int s6 = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 six = {.sin6_family = AF_INET6, .sin6_port = htons(1), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  connect(s6, (struct sockaddr*)&six, sizeof six);
  struct sockaddr_in closed = {.sin_family = AF_INET, .sin_port = htons(1), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  const int c3 = socket(AF_INET, SOCK_STREAM, 0);
  connect(c3, (struct sockaddr*)&closed, sizeof closed);
  return 0;
}
