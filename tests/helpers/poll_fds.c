// poll and ppoll in the shapes strace writes differently: fds that are ready (their revents after
// the return value), a negative fd (no events shown), a call that times out ("= 0 (Timeout)"),
// ppoll without a timeout. Exits 0.
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <unistd.h>

int main(void) {
  int p[2];
  if (pipe(p) != 0 || write(p[1], "x", 1) != 1) return 1;
  struct pollfd fds[3] = {{.fd = p[0], .events = POLLIN | POLLPRI}, {.fd = -1}, {.fd = p[1], .events = POLLOUT}};
  poll(fds, 3, 0);
  char c;
  if (read(p[0], &c, 1) != 1) return 1;
  poll(fds, 1, 0);
  ppoll(fds + 2, 1, NULL, NULL);
  return 0;
}
