// Policy helper: starts /bin/echo with posix_spawn and then with vfork+execve, waits for both.
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(void) {
  char* spawn_argv[] = {"echo", "spawned", NULL};
  pid_t pid;
  if (posix_spawn(&pid, "/bin/echo", NULL, NULL, spawn_argv, environ) != 0) return 2;
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 3;
  fflush(stdout);
  const pid_t child = vfork();
  if (child == 0) {
    char* vfork_argv[] = {"echo", "vforked", NULL};
    execve("/bin/echo", vfork_argv, environ);
    _exit(127);
  }
  if (child < 0) return 4;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 5;
  printf("done\n");
  return 0;
}
