// Limits and system facts: getrlimit/setrlimit/prlimit64 (infinity, KiB multiples, a failure),
// getrusage of no children (all zero), sysinfo (its values, which change every second, are
// replaced by the comparison), uname. Exits 0.
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void) {
  struct rlimit rl;
  syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
  syscall(SYS_getrlimit, RLIMIT_STACK, &rl);
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core);
  struct rlimit mem = {64 * 1024 * 1024, RLIM_INFINITY}, old;
  prlimit(0, RLIMIT_DATA, &mem, &old);
  prlimit(0, RLIMIT_AS, NULL, &old);
  syscall(SYS_prlimit64, 0, 99, NULL, &old);
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  struct sysinfo si;
  sysinfo(&si);
  struct utsname u;
  uname(&u);
  return 0;
}
