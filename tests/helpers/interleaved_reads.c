// Reads two files in turns, a small buffer at a time, until both are at their end, then prints
//   read <path> <bytes> <calls>
// for each (calls counts the final read that returned 0). The actions test expects one Read
// action per file with exactly these numbers, although their syscalls interleave.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: interleaved_reads FILE_A FILE_B\n");
    return 2;
  }
  int fds[2];
  long bytes[2] = {0, 0}, calls[2] = {0, 0};
  int done[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    fds[i] = open(argv[1 + i], O_RDONLY);
    if (fds[i] < 0) {
      perror(argv[1 + i]);
      return 1;
    }
  }
  char buf[1000];
  while (!done[0] || !done[1]) {
    for (int i = 0; i < 2; ++i) {
      if (done[i]) continue;
      const ssize_t n = read(fds[i], buf, sizeof buf);
      ++calls[i];
      if (n < 0) return 1;
      if (n == 0) done[i] = 1;
      bytes[i] += n;
    }
  }
  for (int i = 0; i < 2; ++i) {
    close(fds[i]);
    printf("read %s %ld %ld\n", argv[1 + i], bytes[i], calls[i]);
  }
  return 0;
}
