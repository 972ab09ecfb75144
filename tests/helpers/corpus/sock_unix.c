// Unix sockets: a stream server on a path and a client (bind, listen, connect, accept4 with an
// address, getsockname, getpeername, send, recv, shutdown), an abstract address (@"…", named
// after the pid, which the comparison replaces), socketpair of each type. Exits 0.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(void) {
  const int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  strcpy(sa.sun_path, "s.sock");
  bind(srv, (struct sockaddr*)&sa, sizeof sa);
  listen(srv, 4);
  const int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  connect(cli, (struct sockaddr*)&sa, sizeof sa);
  struct sockaddr_un peer;
  socklen_t len = sizeof peer;
  const int acc = accept4(srv, (struct sockaddr*)&peer, &len, SOCK_NONBLOCK);
  len = sizeof peer;
  getsockname(srv, (struct sockaddr*)&peer, &len);
  len = sizeof peer;
  getpeername(cli, (struct sockaddr*)&peer, &len);
  send(cli, "hello", 5, MSG_NOSIGNAL);
  char buf[16];
  recv(acc, buf, sizeof buf, 0);
  shutdown(cli, SHUT_WR);
  recv(acc, buf, sizeof buf, MSG_DONTWAIT);
  const int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un abs = {.sun_family = AF_UNIX};
  const int n = snprintf(abs.sun_path + 1, sizeof abs.sun_path - 1, "capsule-corpus-%d", (int)getpid());
  bind(ab, (struct sockaddr*)&abs, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n));
  len = sizeof peer;
  getsockname(ab, (struct sockaddr*)&peer, &len);
  connect(cli, (struct sockaddr*)&sa, sizeof sa);
  int sp[2];
  socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp);
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp);
  socketpair(AF_INET, SOCK_STREAM, 0, sp);
  unlink("s.sock");
  return 0;
}
