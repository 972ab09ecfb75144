// Directory listings: getdents64 and the old getdents over every file type, the end of the
// listing, rewinding with lseek, and a failure on a file. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  mkdir("l", 0755);
  close(open("l/file", O_WRONLY | O_CREAT, 0600));
  mkdir("l/sub", 0755);
  symlink("file", "l/link");
  mknod("l/fifo", S_IFIFO | 0600, 0);
  const int d = open("l", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char buf[4096];
  while (syscall(SYS_getdents64, d, buf, sizeof buf) > 0) {
  }
  lseek(d, 0, SEEK_SET);
  while (syscall(SYS_getdents, d, buf, sizeof buf) > 0) {
  }
  const int f = open("l/file", O_RDONLY);
  syscall(SYS_getdents64, f, buf, sizeof buf);
  syscall(SYS_getdents64, d, buf, 8);
  close(f);
  close(d);
  return 0;
}
