// A program whose syscalls are the same on every run (no threads, no timing): the cross-check
// test traces it with capsule and with strace -f and compares what both recorded.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : "/tmp";
  char path[4096];
  snprintf(path, sizeof path, "%s/deterministic.txt", dir);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  for (int i = 0; i < 10; ++i) {
    if (write(fd, "0123456789", 10) != 10) return 1;
  }
  lseek(fd, 0, SEEK_SET);
  char buf[64];
  while (read(fd, buf, sizeof buf) > 0) {
  }
  struct stat st;
  fstat(fd, &st);
  close(fd);
  access("/nonexistent/file", R_OK);  // fails with ENOENT
  int p[2];
  if (pipe(p) != 0) return 1;
  pid_t child = fork();
  if (child == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execl("/bin/echo", "echo", "from-child", (char*)NULL);
    _exit(127);
  }
  close(p[1]);
  while (read(p[0], buf, sizeof buf) > 0) {
  }
  close(p[0]);
  int status;
  waitpid(child, &status, 0);
  unlink(path);
  return WEXITSTATUS(status);
}
