// timerfd: timerfd_create's clocks and flags, a one-shot 1 ms timer read once it fires
// (expirations = 1), timerfd_gettime of an expired timer (all zero), disarming. Exits 0.
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/timerfd.h>
#include <unistd.h>

int main(void) {
  const int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  const int u = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK);
  struct itimerspec in = {{0, 0}, {0, 1000000}}, out;
  timerfd_settime(t, 0, &in, &out);
  uint64_t n = 0;
  read(t, &n, sizeof n);
  timerfd_gettime(t, &out);
  read(u, &n, sizeof n);
  struct itimerspec off = {{0, 0}, {0, 0}};
  timerfd_settime(u, 0, &off, NULL);
  timerfd_create(99, 0);
  close(t);
  close(u);
  return 0;
}
