// Sockets whose strace -yy names the test can know: for each socket it prints "FD NAME" with
// NAME built from what the process itself sees (fstat's inode, getsockname's port), then calls
// getsockname(FD) so that the log shows the fd's name at that point.
// Usage: socket_labels DIR (a unix listener is bound at DIR/s).
#define _GNU_SOURCE  // accept4
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static unsigned long ino(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

static unsigned port(int fd) {
  struct sockaddr_in a;
  socklen_t n = sizeof(a);
  return getsockname(fd, (struct sockaddr*)&a, &n) == 0 ? ntohs(a.sin_port) : 0;
}

static void show(int fd, const char* name) {
  printf("%d %s\n", fd, name);
  fflush(stdout);
  struct sockaddr_storage a;
  socklen_t n = sizeof(a);
  getsockname(fd, (struct sockaddr*)&a, &n);
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  char name[256];

  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;
  snprintf(name, sizeof(name), "UNIX-STREAM:[%lu->%lu]", ino(sv[0]), ino(sv[1]));
  show(sv[0], name);

  // A listener at a path, a client connected to it, and the server's end, accepted without an
  // address: its peer is only in the kernel's answer.
  struct sockaddr_un ua = {.sun_family = AF_UNIX};
  snprintf(ua.sun_path, sizeof(ua.sun_path), "%s/s", argv[1]);
  const int ul = socket(AF_UNIX, SOCK_STREAM, 0);
  const int uc = socket(AF_UNIX, SOCK_STREAM, 0);
  if (bind(ul, (struct sockaddr*)&ua, sizeof(ua)) != 0 || listen(ul, 1) != 0) return 1;
  if (connect(uc, (struct sockaddr*)&ua, sizeof(ua)) != 0) return 1;
  const int ua_fd = accept4(ul, NULL, NULL, 0);
  if (ua_fd < 0) return 1;
  snprintf(name, sizeof(name), "UNIX-STREAM:[%lu,\"%s\"]", ino(ul), ua.sun_path);
  show(ul, name);
  snprintf(name, sizeof(name), "UNIX-STREAM:[%lu->%lu]", ino(uc), ino(ua_fd));
  show(uc, name);
  snprintf(name, sizeof(name), "UNIX-STREAM:[%lu->%lu,\"%s\"]", ino(ua_fd), ino(uc), ua.sun_path);
  show(ua_fd, name);

  // The same over loopback TCP, on a port the kernel picks (bind to port 0).
  struct sockaddr_in ia = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  const int tl = socket(AF_INET, SOCK_STREAM, 0);
  const int tc = socket(AF_INET, SOCK_STREAM, 0);
  if (bind(tl, (struct sockaddr*)&ia, sizeof(ia)) != 0 || listen(tl, 1) != 0) return 1;
  ia.sin_port = htons(port(tl));
  if (connect(tc, (struct sockaddr*)&ia, sizeof(ia)) != 0) return 1;
  const int ta = accept4(tl, NULL, NULL, 0);
  if (ta < 0) return 1;
  snprintf(name, sizeof(name), "TCP:[127.0.0.1:%u]", port(tl));
  show(tl, name);
  snprintf(name, sizeof(name), "TCP:[127.0.0.1:%u->127.0.0.1:%u]", port(tc), port(tl));
  show(tc, name);
  snprintf(name, sizeof(name), "TCP:[127.0.0.1:%u->127.0.0.1:%u]", port(tl), port(tc));
  show(ta, name);

  // Neither bound nor connected: sock_diag does not know it, strace names it by its inode.
  const int u = socket(AF_INET, SOCK_DGRAM, 0);
  snprintf(name, sizeof(name), "UDP:[%lu]", ino(u));
  show(u, name);
  return 0;
}
