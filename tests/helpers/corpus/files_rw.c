// read, write and their positioned and vectored forms, lseek's whences, a binary buffer (hex
// escaped whole), and a write longer than strace's -s 1000 (shown truncated). Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
  const int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 1;
  write(fd, "plain text\n", 11);
  write(fd, "tab\there\r\n", 10);
  const char bin[] = {'a', 0, 'b', (char)0xff, '\n'};
  write(fd, bin, sizeof bin);
  char big[1100];
  memset(big, 'x', sizeof big);
  write(fd, big, sizeof big);
  char buf[2048];
  lseek(fd, 0, SEEK_SET);
  read(fd, buf, 11);
  lseek(fd, 2, SEEK_CUR);
  lseek(fd, -4, SEEK_END);
  lseek(fd, 0, SEEK_DATA);
  lseek(fd, 0, SEEK_HOLE);
  pread(fd, buf, 5, 0);
  pwrite(fd, "PLAIN", 5, 0);
  struct iovec iov[2] = {{(void*)"one ", 4}, {(void*)"two\n", 4}};
  writev(fd, iov, 2);
  pwritev(fd, iov, 2, 100);
  pwritev2(fd, iov, 2, 200, RWF_DSYNC);
  char a[4], b[6];
  struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
  preadv(fd, in, 2, 0);
  preadv2(fd, in, 2, 0, RWF_HIPRI);
  lseek(fd, 0, SEEK_SET);
  readv(fd, in, 2);
  read(fd, buf, 0);
  read(-1, buf, 1);
  close(fd);
  return 0;
}
