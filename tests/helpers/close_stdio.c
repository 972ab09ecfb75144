// A program that hides its output: closes stdout and stderr, writes to the closed fd, then
// reopens fd 1 on /dev/null and points fd 2 at it, and writes there. Nothing reaches the caller's
// stdout or stderr; the tracer must still see every call. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

int main(void) {
  close(1);
  close(2);
  if (write(1, "after-close\n", 12) != -1) return 1;  // EBADF
  int fd = open("/dev/null", O_WRONLY);              // the lowest free fd: 1
  if (fd != 1) return 2;
  if (dup2(1, 2) != 2) return 3;
  if (write(2, "to-devnull\n", 11) != 11) return 4;
  return 0;
}
