// UDP on loopback: bind to port 0, sendto and recvfrom with addresses, a connected socket's send
// and recv, MSG_PEEK and MSG_TRUNC, sendmmsg/recvmmsg. Exits 0.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const int a = socket(AF_INET, SOCK_DGRAM, 0);
  const int b = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(a, (struct sockaddr*)&sa, sizeof sa);
  socklen_t len = sizeof sa;
  getsockname(a, (struct sockaddr*)&sa, &len);
  sendto(b, "datagram", 8, 0, (struct sockaddr*)&sa, sizeof sa);
  char buf[4];
  recv(a, buf, sizeof buf, MSG_PEEK);
  struct sockaddr_in from;
  len = sizeof from;
  recvfrom(a, buf, sizeof buf, MSG_TRUNC, (struct sockaddr*)&from, &len);
  connect(b, (struct sockaddr*)&sa, sizeof sa);
  send(b, "two", 3, 0);
  recv(a, buf, sizeof buf, 0);
  struct iovec x = {(void*)"m1", 2}, y = {(void*)"m2", 2};
  struct mmsghdr out[2] = {{.msg_hdr = {.msg_iov = &x, .msg_iovlen = 1}}, {.msg_hdr = {.msg_iov = &y, .msg_iovlen = 1}}};
  sendmmsg(b, out, 2, 0);
  char r1[4], r2[4];
  struct iovec ra = {r1, sizeof r1}, rb = {r2, sizeof r2};
  struct mmsghdr in[2] = {{.msg_hdr = {.msg_iov = &ra, .msg_iovlen = 1}}, {.msg_hdr = {.msg_iov = &rb, .msg_iovlen = 1}}};
  recvmmsg(a, in, 2, MSG_WAITFORONE, NULL);
  recv(b, buf, sizeof buf, 0);
  return 0;
}
