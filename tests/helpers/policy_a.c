// Policy helper A: opens, writes, reads back and prints a file in the directory given (default
// "."). The syscalls it makes are the baseline profile of the policy tests.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  char path[4096];
  snprintf(path, sizeof path, "%s/a.txt", dir);
  const int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) return 10;
  const char text[] = "written by A\n";
  if (write(out, text, strlen(text)) != (ssize_t)strlen(text)) return 11;
  close(out);
  const int in = open(path, O_RDONLY);
  if (in < 0) return 12;
  char buf[64] = {0};
  const ssize_t n = read(in, buf, sizeof buf - 1);
  close(in);
  if (n <= 0) return 13;
  printf("A read: %s", buf);
  return 0;
}
