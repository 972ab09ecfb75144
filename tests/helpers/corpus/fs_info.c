// File systems and the whole-file calls: statfs/fstatfs of /proc, a pipe and a missing path,
// sync, a chroot that fails (not a directory), and getcwd with a buffer too small. Exits 0.
#define _GNU_SOURCE
#include <sys/statfs.h>
#include <unistd.h>

int main(void) {
  struct statfs sf;
  statfs("/proc", &sf);
  statfs("/nonexistent-capsule-corpus", &sf);
  int p[2];
  if (pipe(p) != 0) return 1;
  fstatfs(p[0], &sf);
  fstatfs(99, &sf);
  sync();
  chroot("/etc/hostname");
  char small[2];
  getcwd(small, sizeof small);
  return 0;
}
