// Tries to make itself non-dumpable (argv[1] "prctl"; "none" does not), then opens argv[2], reads
// a little of it and writes what it did to stdout. Under an unprivileged capsule the prctl must
// be refused; exec'd from an execute-only (0111) copy, the process is non-dumpable from the start.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  if (strcmp(argv[1], "prctl") == 0) {
    const int r = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    printf("prctl %s\n", r == 0 ? "ok" : errno == EPERM ? "EPERM" : "failed");
  }
  const int fd = open(argv[2], O_RDONLY);
  if (fd < 0) return 1;
  char buf[8];
  const ssize_t n = read(fd, buf, sizeof buf);
  printf("read %zd\n", n);
  printf("dumpable %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
  return 0;
}
