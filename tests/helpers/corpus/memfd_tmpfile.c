// Anonymous files: memfd_create with sealing (F_ADD_SEALS, F_GET_SEALS, a write a seal forbids),
// its fd once closed elsewhere; an O_TMPFILE file (its fd shows "#inode (deleted)") given a name
// with linkat through /proc/self/fd. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  const int m = memfd_create("corpus", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  ftruncate(m, 4096);
  write(m, "sealed", 6);
  fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  fcntl(m, F_GET_SEALS);
  write(m, "denied", 6);
  memfd_create("plain", 0);
  const int t = open(".", O_TMPFILE | O_RDWR, 0600);
  write(t, "temporary", 9);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", t);
  linkat(AT_FDCWD, path, AT_FDCWD, "named", AT_SYMLINK_FOLLOW);
  open("missing-dir/x", O_TMPFILE | O_WRONLY, 0600);
  close(t);
  close(m);
  return 0;
}
