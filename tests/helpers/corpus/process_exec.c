// Running programs: vfork then execve with an explicit environment, execveat, an execve that
// fails (ENOENT), and wait4 for each child. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  char* argv[] = {"true", "arg one", NULL};
  char* envp[] = {"A=1", "B=two words", NULL};
  execve("/nonexistent/true", argv, envp);
  pid_t c = vfork();
  if (c == 0) {
    execve("/bin/true", argv, envp);
    _exit(127);
  }
  int status;
  wait4(c, &status, 0, NULL);
  c = fork();
  if (c == 0) {
    syscall(SYS_execveat, AT_FDCWD, "/bin/true", argv, envp, 0);
    _exit(127);
  }
  wait4(c, &status, 0, NULL);
  return 0;
}
