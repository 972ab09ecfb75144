// Moving data between fds without user buffers: splice file->pipe->file with its flags, tee
// between two pipes, sendfile with and without an offset, copy_file_range. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

int main(void) {
  const int in = open("in", O_RDWR | O_CREAT | O_TRUNC, 0600);
  const int out = open("out", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (in < 0 || out < 0 || write(in, "0123456789abcdef", 16) != 16) return 1;
  int p[2], q[2];
  if (pipe(p) != 0 || pipe(q) != 0) return 1;
  loff_t off = 2;
  splice(in, &off, p[1], NULL, 8, SPLICE_F_MOVE | SPLICE_F_MORE);
  tee(p[0], q[1], 4, SPLICE_F_NONBLOCK);
  splice(p[0], NULL, out, NULL, 8, 0);
  splice(q[0], NULL, q[1], NULL, 4, 0);
  off_t so = 4;
  sendfile(out, in, &so, 6);
  lseek(in, 0, SEEK_SET);
  sendfile(out, in, NULL, 3);
  loff_t ri = 0, ro = 32;
  copy_file_range(in, &ri, out, &ro, 10, 0);
  copy_file_range(in, NULL, out, NULL, 5, 0);
  copy_file_range(in, NULL, out, NULL, 5, 7);
  return 0;
}
