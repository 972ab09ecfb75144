// Calls whose flags and commands are decoded from tables, with arguments that are the same from
// run to run (a fixed address, an empty buffer), so that capsule's lines can be compared with
// strace's word for word: memfd_create, madvise, getrandom. Exits 0 when all succeed.
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

int main(void) {
  const int fd = memfd_create("payload", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return 1;
  close(fd);
  void* at = (void*)0x200000000UL;
  void* p = mmap(at, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != at) return 1;
  if (madvise(p, 4096, MADV_DONTNEED) != 0) return 1;
  char buf[1];
  if (getrandom(buf, 0, GRND_NONBLOCK) != 0) return 1;
  return 0;
}
