// Policy helper B: what A does, then what A never does: a socket and a mkdir. Prints how each
// went ("socket: ok" / "socket: EPERM") and exits 0 only if both worked, 1 otherwise.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* outcome(int rc) {
  if (rc >= 0) return "ok";
  return errno == EPERM ? "EPERM" : errno == EEXIST ? "EEXIST" : "other error";
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  char path[4096];
  snprintf(path, sizeof path, "%s/b.txt", dir);
  const int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) return 10;
  const char text[] = "written by B\n";
  if (write(out, text, strlen(text)) != (ssize_t)strlen(text)) return 11;
  close(out);
  const int in = open(path, O_RDONLY);
  if (in < 0) return 12;
  char buf[64] = {0};
  const ssize_t n = read(in, buf, sizeof buf - 1);
  close(in);
  if (n <= 0) return 13;
  printf("B read: %s", buf);

  const int s = socket(AF_INET, SOCK_DGRAM, 0);
  const char* socket_result = outcome(s);
  if (s >= 0) close(s);
  snprintf(path, sizeof path, "%s/b.dir", dir);
  const int m = mkdir(path, 0755);
  const char* mkdir_result = outcome(m);
  printf("socket: %s\nmkdir: %s\n", socket_result, mkdir_result);
  return s >= 0 && m == 0 ? 0 : 1;
}
