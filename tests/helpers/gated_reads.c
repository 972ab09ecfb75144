// Reads FILE COUNT times (open, one read, close), 100 ms apart. After its first read it creates
// MINE and waits (up to 30 s) for OTHER to exist before the rest: two of these started with each
// other's marks are both being recorded at once, whatever the machine's load (tail's test of two
// runs followed together). Prints "read FILE COUNT" at the end.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static int read_once(const char* file) {
  char buf[256];
  const int fd = open(file, O_RDONLY);
  if (fd < 0) {
    perror(file);
    return -1;
  }
  const ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  return n < 0 ? -1 : 0;
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: gated_reads FILE COUNT MINE OTHER\n");
    return 2;
  }
  const char* file = argv[1];
  const int count = atoi(argv[2]);
  for (int i = 0; i < count; ++i) {
    if (i > 0) pause_ms(100);
    if (read_once(file) != 0) return 1;
    if (i == 0) {
      const int mark = open(argv[3], O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (mark < 0) {
        perror(argv[3]);
        return 1;
      }
      close(mark);
      int waited = 0;
      while (access(argv[4], F_OK) != 0) {
        if (++waited > 3000) {
          fprintf(stderr, "gated_reads: %s never appeared\n", argv[4]);
          return 1;
        }
        pause_ms(10);
      }
    }
  }
  printf("read %s %d\n", file, count);
  return 0;
}
