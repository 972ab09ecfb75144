// Waiting on fds: poll and ppoll (events, revents, a closed fd's POLLNVAL, a timeout), select
// and pselect6 with fd sets, timeouts of zero so that nothing waits. Exits 0.
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <unistd.h>

int main(void) {
  int p[2], q[2];
  if (pipe(p) != 0 || pipe(q) != 0) return 1;
  write(p[1], "x", 1);
  struct pollfd fds[4] = {{p[0], POLLIN | POLLPRI, 0}, {p[1], POLLOUT, 0}, {q[0], POLLIN, 0}, {99, POLLIN, 0}};
  poll(fds, 4, 0);
  poll(fds + 2, 1, 0);
  struct timespec ts = {0, 0};
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  ppoll(fds, 2, &ts, &mask);
  ppoll(fds + 2, 1, &ts, NULL);
  fd_set r, w;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(p[0], &r);
  FD_SET(q[0], &r);
  FD_SET(p[1], &w);
  struct timeval tv = {0, 0};
  select(q[0] + 1, &r, &w, NULL, &tv);
  FD_ZERO(&r);
  FD_SET(q[0], &r);
  tv.tv_usec = 0;
  select(q[0] + 1, &r, NULL, NULL, &tv);
  FD_SET(p[0], &r);
  pselect(q[0] + 1, &r, NULL, NULL, &ts, &mask);
  return 0;
}
