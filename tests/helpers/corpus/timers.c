// POSIX timers and interval timers: timer_create with each notification, timer_settime,
// timer_gettime, timer_getoverrun, timer_delete; setitimer/getitimer; alarm. The timers are far
// in the future and cancelled: nothing fires. Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  struct sigevent none = {.sigev_notify = SIGEV_NONE};
  timer_t t1, t2;
  syscall(SYS_timer_create, CLOCK_MONOTONIC, &none, &t1);
  struct sigevent sig = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = 5};
  syscall(SYS_timer_create, CLOCK_REALTIME, &sig, &t2);
  struct itimerspec in = {.it_interval = {0, 0}, .it_value = {100, 0}}, out;
  syscall(SYS_timer_settime, t1, 0, &in, &out);
  syscall(SYS_timer_settime, t2, 0, &in, NULL);
  syscall(SYS_timer_getoverrun, t1);
  struct itimerspec zero = {{0, 0}, {0, 0}};
  syscall(SYS_timer_settime, t1, 0, &zero, NULL);
  syscall(SYS_timer_gettime, t1, &out);
  syscall(SYS_timer_delete, t1);
  syscall(SYS_timer_delete, t2);
  syscall(SYS_timer_delete, t2);
  struct itimerval iv = {{0, 0}, {100, 0}}, old;
  setitimer(ITIMER_REAL, &iv, &old);
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  getitimer(ITIMER_VIRTUAL, &old);
  alarm(1000);
  alarm(0);
  return 0;
}
