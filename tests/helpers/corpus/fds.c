// Duplicating and controlling fds: dup, dup2 and dup3 onto an open fd, fcntl's commands (dup,
// fd and status flags, record and OFD locks, owner, signal, lease), close_range. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const int a = open("a", O_RDWR | O_CREAT | O_TRUNC, 0600);
  const int b = open("b", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (a < 0 || b < 0) return 1;
  const int c = dup(a);
  dup2(a, b);  // b was open: now it is a's file
  dup3(a, c, O_CLOEXEC);
  dup2(a, a);
  dup3(a, a, 0);
  fcntl(a, F_DUPFD, 10);
  fcntl(a, F_DUPFD_CLOEXEC, 20);
  fcntl(a, F_GETFD);
  fcntl(a, F_SETFD, FD_CLOEXEC);
  fcntl(a, F_GETFD);
  fcntl(a, F_GETFL);
  fcntl(a, F_SETFL, O_NONBLOCK | O_APPEND);
  fcntl(a, F_GETFL);
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
  fcntl(a, F_SETLK, &fl);
  fl.l_type = F_RDLCK;
  fcntl(a, F_GETLK, &fl);
  fl.l_type = F_UNLCK;
  fcntl(a, F_SETLKW, &fl);
  struct flock ofd = {.l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = 2, .l_len = 3};
  fcntl(a, F_OFD_SETLK, &ofd);
  fcntl(a, F_OFD_GETLK, &ofd);
  fcntl(a, F_GETOWN);
  struct f_owner_ex owner = {F_OWNER_PID, getpid()};
  fcntl(a, F_SETOWN_EX, &owner);
  fcntl(a, F_GETOWN_EX, &owner);
  fcntl(a, F_SETSIG, SIGUSR2);
  fcntl(a, F_GETSIG);
  fcntl(a, F_GETLEASE);
  fcntl(-1, F_GETFD);
  syscall(SYS_close_range, 10, 20, CLOSE_RANGE_CLOEXEC);
  syscall(SYS_close_range, 10, ~0U, 0);
  return 0;
}
