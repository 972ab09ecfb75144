// Memory maps: anonymous, file-backed and fixed-address mappings, mprotect, mremap, msync,
// mincore, mlock, madvise's advice, munmap and brk. Fixed addresses keep ASLR out. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define AT ((void*)0x200000000UL)

int main(void) {
  const int fd = open("map", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, 8192) != 0) return 1;
  char* a = mmap(AT, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  a[0] = 1;
  char* f = mmap(AT + 0x100000, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
  f[0] = 'x';
  msync(f, 4096, MS_SYNC | MS_INVALIDATE);
  mprotect(a, 4096, PROT_READ);
  mprotect(a + 4096, 4096, PROT_NONE);
  mprotect(a, 4096, PROT_READ | PROT_EXEC | PROT_GROWSDOWN);
  unsigned char vec[4];
  mincore(a, 16384, vec);
  mlock(a + 8192, 4096);
  munlock(a + 8192, 4096);
  mlock2(a + 8192, 4096, MLOCK_ONFAULT);
  madvise(a, 4096, MADV_DONTNEED);
  madvise(a, 16384, MADV_WILLNEED);
  madvise(a + 8192, 8192, MADV_FREE);
  madvise(a, 16384, MADV_DONTFORK);
  madvise(a, 16384, MADV_DOFORK);
  madvise(a, 4096, MADV_COLD);
  madvise(a, 4096, 12345);
  mremap(a + 12288, 4096, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, AT + 0x200000);
  munmap(f, 8192);
  munmap(a, 12288);
  mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0);
  close(fd);
  return 0;
}
