// Reads and sets resource limits through getrlimit, setrlimit and prlimit64 (a NULL new limit, a
// new one, a failing NULL buffer): for the decoding of struct rlimit. Exits 0.
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  struct rlimit r;
  syscall(SYS_getrlimit, RLIMIT_NOFILE, &r);
  syscall(SYS_getrlimit, RLIMIT_STACK, &r);
  r.rlim_cur = 1000;
  r.rlim_max = RLIM_INFINITY;
  syscall(SYS_setrlimit, RLIMIT_CORE, &r);
  struct rlimit none = {0, 0}, old;
  syscall(SYS_prlimit64, 0, RLIMIT_CORE, &none, &old);
  syscall(SYS_getrlimit, RLIMIT_NOFILE, NULL);
  return 0;
}
