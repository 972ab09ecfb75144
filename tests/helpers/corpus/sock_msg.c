// sendmsg and recvmsg with ancillary data: an fd passed with SCM_RIGHTS, credentials with
// SCM_CREDENTIALS (SO_PASSCRED), two iovecs, a control buffer too small (MSG_CTRUNC);
// sendmmsg and recvmmsg on a datagram pair. Exits 0.
#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void send_fd(int sock, int fd) {
  char ctl[CMSG_SPACE(sizeof(int))];
  memset(ctl, 0, sizeof ctl);
  struct iovec iov[2] = {{(void*)"fd ", 3}, {(void*)"here", 4}};
  struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2, .msg_control = ctl, .msg_controllen = sizeof ctl};
  struct cmsghdr* c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  sendmsg(sock, &m, 0);
}

int main(void) {
  int sp[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) != 0) return 1;
  send_fd(sp[0], 0);
  char buf[32], ctl[64];
  struct iovec iov = {buf, sizeof buf};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  recvmsg(sp[1], &m, MSG_CMSG_CLOEXEC);
  send_fd(sp[0], 1);
  m.msg_controllen = 4;
  recvmsg(sp[1], &m, 0);
  const int on = 1;
  setsockopt(sp[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
  send(sp[0], "cred", 4, 0);
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  recvmsg(sp[1], &m, 0);
  recvmsg(sp[1], &m, MSG_DONTWAIT);
  int dg[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, dg);
  struct iovec a = {(void*)"first", 5}, b = {(void*)"second", 6};
  struct mmsghdr out[2] = {{.msg_hdr = {.msg_iov = &a, .msg_iovlen = 1}}, {.msg_hdr = {.msg_iov = &b, .msg_iovlen = 1}}};
  sendmmsg(dg[0], out, 2, 0);
  char r1[8], r2[8];
  struct iovec ra = {r1, sizeof r1}, rb = {r2, sizeof r2};
  struct mmsghdr in[2] = {{.msg_hdr = {.msg_iov = &ra, .msg_iovlen = 1}}, {.msg_hdr = {.msg_iov = &rb, .msg_iovlen = 1}}};
  recvmmsg(dg[1], in, 2, MSG_DONTWAIT, NULL);
  return 0;
}
