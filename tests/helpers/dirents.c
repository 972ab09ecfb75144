// Lists the directory DIR with getdents64 and with the old getdents, each until the end (the last
// call returns 0: strace's "[]"), then fails one call on a bad fd (the pointer, as strace shows
// it). The buffer lives at a fixed address so that the failed call's pointer is the same in every
// run. Usage: dirents DIR. Exits 0, or 2 when DIR cannot be listed.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int list(const char* dir, long nr, char* buf) {
  const int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return -1;
  long n;
  while ((n = syscall(nr, fd, buf, 4096)) > 0) {
  }
  close(fd);
  return n == 0 ? 0 : -1;
}

int main(int argc, char** argv) {
  char* buf = mmap((void*)0x200000000UL, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (argc != 2 || buf != (char*)0x200000000UL) return 2;
  if (list(argv[1], SYS_getdents64, buf) != 0 || list(argv[1], SYS_getdents, buf) != 0) return 2;
  syscall(SYS_getdents64, -1, buf, 4096);
  return 0;
}
