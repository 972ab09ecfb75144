// N opens for writing (default 10,000) of one file, each closed at once: the workload on which the
// eBPF backend's outside-tree check costs most, since every write-open goes to capsule and back
// (a seccomp user notification; bench/containment_bench.sh). Read-only opens never leave the
// kernel, so a second phase does as many of them, as the control.
//   write_opens DIR [N]
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: write_opens DIR [N]\n");
    return 2;
  }
  const long n = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
  char path[4096];
  snprintf(path, sizeof path, "%s/write_opens.out", argv[1]);
  for (long i = 0; i < n; ++i) {
    const int fd = open(path, O_WRONLY | O_CREAT, 0644);
    if (fd < 0) {
      perror(path);
      return 1;
    }
    close(fd);
  }
  for (long i = 0; i < n; ++i) {
    const int fd = open(path, O_RDONLY);
    if (fd < 0) return 1;
    close(fd);
  }
  return 0;
}
