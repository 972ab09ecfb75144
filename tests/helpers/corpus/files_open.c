// open, openat, openat2 and creat with the flags strace names, their failures, paths the kernel
// resolves differently from how they were opened (/proc/self, a symlink), a mode with bits above
// the int the kernel reads, and close. Everything happens in the current directory. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  int fd = open("f", O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0 || write(fd, "hello\n", 6) != 6) return 1;
  close(fd);
  fd = openat(AT_FDCWD, "f", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  const int dir = open(".", O_RDONLY | O_DIRECTORY | O_PATH);
  const int fd2 = openat(dir, "f", O_RDWR | O_APPEND | O_NONBLOCK | O_NOATIME | O_SYNC);
  close(creat("g", 0600));
  open("missing", O_RDONLY);
  open("f", O_WRONLY | O_CREAT | O_EXCL, 0600);
  struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
  close((int)syscall(SYS_openat2, AT_FDCWD, "f", &how, sizeof how));
  syscall(SYS_openat2, dir, "../f", &how, sizeof how);
  if (symlink("f", "link") == 0) close(open("link", O_RDONLY));
  close(open("/proc/self/stat", O_RDONLY));
  close(open("/dev/null", O_WRONLY | O_NOCTTY));
  close((int)syscall(SYS_creat, "high", 0xdeadbeef00000180UL));  // the kernel reads 0600
  close(999);
  close(fd2);
  close(dir);
  close(fd);
  return 0;
}
