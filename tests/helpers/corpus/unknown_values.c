// Values no table names: an lseek whence, a flock operation, an fcntl command, an madvise
// advice, a socket family and type, a clock id, an access mode, and flag words with unknown
// bits beside known ones; strace writes these in hex with a /* X_??? */ comment. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const int fd = open("u", O_RDWR | O_CREAT | O_TRUNC, 0600);
  lseek(fd, 0, 7);
  flock(fd, 0x40);
  fcntl(fd, 0x7777);
  socket(77, SOCK_STREAM, 0);
  socket(AF_INET, 0x77, 0);
  syscall(SYS_clock_gettime, 0x123, NULL);
  access("u", 0x40);
  open("u", O_RDONLY | 0x40000000);
  syscall(SYS_mmap, 0, 4096, PROT_READ | 0x100, MAP_PRIVATE | MAP_ANONYMOUS | 0x8000000, -1, 0);
  syscall(SYS_openat, AT_FDCWD, "u", O_RDONLY, 0);
  syscall(SYS_pipe2, 0x10, O_CLOEXEC);
  close(fd);
  return 0;
}
