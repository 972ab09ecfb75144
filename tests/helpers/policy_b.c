// Policy helper B: what A does, then what A never does: a socket and a mkdir. Prints how each
// went ("socket: ok" / "socket: EPERM") and exits 0 only if both worked, 1 otherwise.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write_read_back.h"

static const char* outcome(int rc) {
  if (rc >= 0) return "ok";
  return errno == EPERM ? "EPERM" : errno == EEXIST ? "EEXIST" : "other error";
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  const int rc = write_read_back(dir, "b.txt", "B");
  if (rc != 0) return rc;

  const int s = socket(AF_INET, SOCK_DGRAM, 0);
  const char* socket_result = outcome(s);
  if (s >= 0) close(s);
  char path[4096];
  snprintf(path, sizeof path, "%s/b.dir", dir);
  const int m = mkdir(path, 0755);
  const char* mkdir_result = outcome(m);
  printf("socket: %s\nmkdir: %s\n", socket_result, mkdir_result);
  return s >= 0 && m == 0 ? 0 : 1;
}
