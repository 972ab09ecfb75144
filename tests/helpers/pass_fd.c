// Passes an open file over a Unix socket pair with SCM_RIGHTS: the child opens /etc/hostname and
// sends the fd, the parent receives it (a new fd number) and seeks and reads the file through it.
// Exits 0 when the parent read what the file holds.
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  int sp[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) != 0) return 1;
  char ctl[CMSG_SPACE(sizeof(int))];
  char byte = 'f';
  struct iovec iov = {&byte, 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  const pid_t child = fork();
  if (child == 0) {
    const int fd = open("/etc/hostname", O_RDONLY);
    if (fd < 0) _exit(1);
    memset(ctl, 0, sizeof ctl);
    struct cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    _exit(sendmsg(sp[0], &m, 0) == 1 ? 0 : 1);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child || status != 0) return 1;
  // Taken by a fresh fd number: 3 and 4 are the pair, 5 is the file.
  if (recvmsg(sp[1], &m, 0) != 1) return 1;
  struct cmsghdr* c = CMSG_FIRSTHDR(&m);
  if (c == NULL || c->cmsg_type != SCM_RIGHTS) return 1;
  int fd = -1;
  memcpy(&fd, CMSG_DATA(c), sizeof fd);
  char buf[8];
  return lseek(fd, 0, SEEK_END) > 0 && pread(fd, buf, sizeof buf, 0) > 0 ? 0 : 1;
}
