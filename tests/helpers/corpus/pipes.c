// Pipes: pipe and pipe2's flags, data through them, an empty non-blocking read (EAGAIN), the
// pipe size fcntls, FIONREAD, and a write with no reader (EPIPE, SIGPIPE ignored). Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void) {
  int p[2], q[2], r[2];
  if (pipe(p) != 0 || pipe2(q, O_CLOEXEC | O_NONBLOCK) != 0 || pipe2(r, O_DIRECT) != 0) return 1;
  write(p[1], "through the pipe", 16);
  char buf[32];
  read(p[0], buf, sizeof buf);
  read(q[0], buf, sizeof buf);
  fcntl(p[0], F_GETPIPE_SZ);
  fcntl(p[0], F_SETPIPE_SZ, 8192);
  write(r[1], "x", 1);
  int n = 0;
  ioctl(r[0], FIONREAD, &n);
  signal(SIGPIPE, SIG_IGN);
  close(q[0]);
  write(q[1], "lost", 4);
  return 0;
}
