// Starts programs the two ways that share the parent's memory until the child execs: vfork()
// then execve, and posix_spawn (glibc: clone3/clone with CLONE_VM|CLONE_VFORK). argv[1] is the
// program, run as "argv[1] vforked" and "argv[1] spawned". Prints each child's exit status:
//   vfork <status>
//   spawn <status>
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  setvbuf(stdout, NULL, _IONBF, 0);
  char* vfork_argv[] = {argv[1], "vforked", NULL};
  pid_t c = vfork();
  if (c == 0) {
    execve(argv[1], vfork_argv, environ);
    _exit(127);
  }
  int status = 0;
  waitpid(c, &status, 0);
  printf("vfork %d\n", WEXITSTATUS(status));

  char* spawn_argv[] = {argv[1], "spawned", NULL};
  pid_t s = 0;
  if (posix_spawn(&s, argv[1], NULL, NULL, spawn_argv, environ) != 0) return 3;
  waitpid(s, &status, 0);
  printf("spawn %d\n", WEXITSTATUS(status));
  return 0;
}
