// Opens a file through a path padded with "/." to more than --string-limit's default (1000
// bytes), reads a little of it and prints the path's length. argv[1]: the file (absolute).
// Paths must be recorded whole: cut at the limit, the fd would name a parent directory.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const size_t want = (size_t)atoi(argv[2]);
  const size_t tail = strlen(argv[1]);
  static char path[4096];
  if (want >= sizeof path || want < tail || (want - tail) % 2 != 0) return 2;
  size_t n = 0;
  while (n + tail < want) {
    path[n++] = '/';
    path[n++] = '.';
  }
  memcpy(path + n, argv[1], tail + 1);
  const int fd = open(path, O_RDONLY);
  if (fd < 0) {
    perror("open");
    return 1;
  }
  char buf[16];
  if (read(fd, buf, sizeof buf) < 0) return 1;
  printf("%zu\n", strlen(path));
  return 0;
}
