// Fileless execution split across processes: the parent puts a program (argv[2], e.g. /bin/true)
// into a memfd, and its child runs it, by fexecve (argv[1] "fexecve") or through the parent's fd
// in /proc (argv[1] "proc": execve("/proc/PPID/fd/N")). Exits with the child's status.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const int fd = memfd_create("payload", 0);
  const int src = open(argv[2], O_RDONLY);
  if (fd < 0 || src < 0) return 1;
  char buf[65536];
  ssize_t n;
  while ((n = read(src, buf, sizeof buf)) > 0) {
    if (write(fd, buf, (size_t)n) != n) return 1;
  }
  close(src);
  const pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    char* const child_argv[] = {"payload", NULL};
    if (strcmp(argv[1], "fexecve") == 0) {
      fexecve(fd, child_argv, environ);
    } else {
      char path[64];
      snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)getppid(), fd);
      execve(path, child_argv, environ);
    }
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
