// Rarely decoded I/O calls: sync_file_range's flags, vmsplice of two iovecs into a pipe,
// remap_file_pages on a shared file mapping (fixed address), readahead. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
  const int fd = open("r", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, 16384) != 0) return 1;
  sync_file_range(fd, 0, 4096, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
  sync_file_range(fd, 0, 0, 0);
  sync_file_range(fd, 0, 0, 0x80);
  int p[2];
  if (pipe(p) != 0) return 1;
  struct iovec iov[2] = {{(void*)"gift", 4}, {(void*)"ed", 2}};
  vmsplice(p[1], iov, 2, SPLICE_F_GIFT);
  vmsplice(p[1], iov, 1, SPLICE_F_NONBLOCK);
  char* m = mmap((void*)0x400000000UL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
  remap_file_pages(m, 4096, 0, 2, 0);
  remap_file_pages(m, 4096, PROT_READ, 0, 0);
  readahead(fd, 0, 8192);
  return 0;
}
