// A file's metadata: chmod and chown families (an id above 2^31 is unsigned, -1 leaves it),
// truncate, access with faccessat2's flags, fixed times through utimensat/futimens/utimes/utime,
// fallocate, fsync, flock, fadvise, readahead and umask's octal result. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

int main(void) {
  const int fd = open("m", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 1;
  chmod("m", 0600);
  fchmod(fd, 04755);
  fchmodat(AT_FDCWD, "m", 0640, 0);
  chown("m", -1, -1);
  syscall(SYS_chown, "m", 0xffff0000UL, 0);
  fchown(fd, 0, 0);
  lchown("m", 0, -1);
  fchownat(AT_FDCWD, "m", 0, 0, AT_SYMLINK_NOFOLLOW);
  truncate("m", 4096);
  ftruncate(fd, 10);
  access("m", R_OK | W_OK);
  access("nope", F_OK);
  syscall(SYS_faccessat2, AT_FDCWD, "m", X_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
  struct timespec ts[2] = {{1000000000, 5}, {1100000000, UTIME_OMIT}};
  utimensat(AT_FDCWD, "m", ts, AT_SYMLINK_NOFOLLOW);
  futimens(fd, ts);
  struct timeval tv[2] = {{1200000000, 7}, {1300000000, 0}};
  utimes("m", tv);
  struct utimbuf ub = {1400000000, 1500000000};
  utime("m", &ub);
  fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 8192);
  fsync(fd);
  fdatasync(fd);
  syncfs(fd);
  flock(fd, LOCK_EX | LOCK_NB);
  flock(fd, LOCK_UN);
  posix_fadvise(fd, 0, 100, POSIX_FADV_SEQUENTIAL);
  readahead(fd, 0, 4096);
  umask(027);
  umask(022);
  close(fd);
  return 0;
}
