// Clocks and sleeps as real calls (not the vDSO): clock_gettime and clock_getres of several
// clocks, gettimeofday, clock_nanosleep relative and absolute (in the past), nanosleep, and the
// failures of an unknown clock and of setting one. Exits 0.
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  struct timespec ts, res;
  syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
  syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts);
  syscall(SYS_clock_gettime, 99, &ts);
  syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, &res);
  syscall(SYS_clock_getres, CLOCK_PROCESS_CPUTIME_ID, &res);
  syscall(SYS_clock_getres, CLOCK_TAI, NULL);
  struct timeval tv;
  syscall(SYS_gettimeofday, &tv, NULL);
  struct timespec short_sleep = {0, 1000};
  clock_nanosleep(CLOCK_MONOTONIC, 0, &short_sleep, NULL);
  struct timespec past = {1, 0};
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL);
  nanosleep(&short_sleep, NULL);
  struct timespec set = {0, 0};
  syscall(SYS_clock_settime, CLOCK_MONOTONIC, &set);
  return 0;
}
