// Changes its comm name (what ps and /proc/PID/comm show) with prctl(PR_SET_NAME), then opens
// /dev/null, so that the record of a later call can be checked for the real program.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void) {
  if (prctl(PR_SET_NAME, "kworker/0:1", 0, 0, 0) != 0) return 1;
  int fd = open("/dev/null", O_RDONLY);
  if (fd < 0) return 2;
  close(fd);
  return 0;
}
