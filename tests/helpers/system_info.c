// System-information calls whose structs strace -v decodes: uname, getrusage (self, children,
// thread), clock_getres, fadvise64's advice, statfs and fstatfs (of /proc and a pipe, whose
// numbers do not change), and each one failing on a bad pointer (the pointer,
// as strace shows it). sysinfo's numbers change between any two runs, so it is left to the
// unit tests. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define BAD ((void*)0x10)

int main(void) {
  struct utsname u;
  uname(&u);
  syscall(SYS_uname, BAD);
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);  // no children: all zero, the same in every run
  syscall(SYS_getrusage, RUSAGE_THREAD, BAD);
  struct timespec res;
  syscall(SYS_clock_getres, CLOCK_REALTIME, &res);  // not the vDSO: a real call
  syscall(SYS_clock_getres, CLOCK_MONOTONIC, BAD);
  const int fd = open("/dev/null", O_RDONLY);
  posix_fadvise(fd, 0, 4096, POSIX_FADV_WILLNEED);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
  struct statfs sf;
  statfs("/proc", &sf);
  statfs("/nonexistent-capsule-statfs", &sf);
  int p[2];
  if (pipe(p) != 0) return 1;
  fstatfs(p[0], &sf);
  return 0;
}
