// Calls whose text strace spells in particular ways, for the writer's spellings: umask's octal
// result, fcntl's F_GETFL/F_GETFD flags, strings that -x hex-escapes whole or not at all, and a
// file name with '<' and '>' (octal in -yy's annotation). Usage: strace_spellings DIR ; exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  umask(027);
  umask(022);
  char path[4096];
  snprintf(path, sizeof path, "%s/a<b>7", argv[1]);
  const int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 1;
  fcntl(fd, F_GETFL);
  fcntl(fd, F_GETFD);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  fcntl(fd, F_GETFD);
  write(fd, "tab\there \"q\" \\\n", 15);  // white space and quotes: readable
  write(fd, "a\0b\n", 4);                  // a NUL: the whole string in hex
  write(fd, "caf\xc3\xa9", 5);              // UTF-8: the whole string in hex
  close(fd);
  return 0;
}
