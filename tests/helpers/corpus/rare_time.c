// Reading the kernel clock discipline without changing it: adjtimex and clock_adjtime with
// modes 0 (the struct timex; its time is replaced by the comparison), an invalid clock. Exits 0.
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  struct timex tx = {.modes = 0};
  syscall(SYS_adjtimex, &tx);
  struct timex ty = {.modes = 0};
  syscall(SYS_clock_adjtime, CLOCK_REALTIME, &ty);
  syscall(SYS_clock_adjtime, 99, &ty);
  syscall(SYS_adjtimex, (void*)0x10);
  return 0;
}
