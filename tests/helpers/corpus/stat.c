// stat, lstat, fstat, newfstatat (AT_ flags) and statx (masks, a sysfs file without a birth
// time) of a file, a directory, a symlink, a device and a missing path. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const int fd = open("s", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, "twelve bytes", 12) != 12) return 1;
  symlink("s", "sl");
  mkdir("dir", 01777);
  struct stat st;
  syscall(SYS_stat, "s", &st);
  syscall(SYS_lstat, "sl", &st);
  syscall(SYS_fstat, fd, &st);
  fstatat(AT_FDCWD, "sl", &st, AT_SYMLINK_NOFOLLOW);
  fstatat(fd, "", &st, AT_EMPTY_PATH);
  fstatat(AT_FDCWD, "dir", &st, 0);
  fstatat(AT_FDCWD, "/dev/null", &st, 0);
  fstatat(AT_FDCWD, "missing", &st, 0);
  struct statx sx;
  statx(AT_FDCWD, "s", 0, STATX_BASIC_STATS, &sx);
  statx(AT_FDCWD, "sl", AT_SYMLINK_NOFOLLOW, STATX_MODE | STATX_SIZE, &sx);
  statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_ALL, &sx);
  statx(AT_FDCWD, "/sys/kernel", 0, STATX_BTIME, &sx);
  statx(AT_FDCWD, "missing", 0, STATX_ALL, &sx);
  close(fd);
  return 0;
}
