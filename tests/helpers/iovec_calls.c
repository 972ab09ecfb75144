// Calls whose memory is reached through the argument: writev/readv (a pipe), pwritev/preadv (a
// memfd), sendmsg/recvmsg with a name and two iovecs (UDP to itself on 127.0.0.1), a short read
// that fills only part of its iovecs, getgroups/setgroups. Everything lives on the stack. Exits 0.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
  char a[] = "hello ", b[] = "world";
  struct iovec w[2] = {{a, 6}, {b, 5}};
  char r1[4], r2[16];
  struct iovec r[2] = {{r1, sizeof r1}, {r2, sizeof r2}};
  int p[2];
  if (pipe(p) != 0) return 1;
  if (writev(p[1], w, 2) != 11 || readv(p[0], r, 2) != 11) return 1;

  const int fd = memfd_create("iovec", 0);
  if (fd < 0 || pwritev(fd, w, 2, 3) != 11 || preadv(fd, r, 2, 0) != 14) return 1;

  const int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof to;
  if (s < 0 || bind(s, (struct sockaddr*)&to, sizeof to) != 0 || getsockname(s, (struct sockaddr*)&to, &len) != 0) {
    return 1;
  }
  struct msghdr m = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = w, .msg_iovlen = 2};
  if (sendmsg(s, &m, 0) != 11) return 1;
  struct sockaddr_in from;
  struct msghdr rm = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = r, .msg_iovlen = 2};
  if (recvmsg(s, &rm, 0) != 11) return 1;

  gid_t groups[8];
  const int n = getgroups(8, groups);
  if (n < 0 || setgroups((size_t)n, groups) != 0) return 1;
  return 0;
}
