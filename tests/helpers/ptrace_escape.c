// Tries to get out from under the tracer with ptrace itself: a child asks to be traced by its
// parent (PTRACE_TRACEME), and the parent tries to attach to (PTRACE_ATTACH) and seize
// (PTRACE_SEIZE) siblings it forked. A process has at most one tracer, so under capsule the
// kernel refuses each with EPERM. Prints, in this order:
//   traceme <ret> <errno-name>
//   attach <ret> <errno-name>
//   seize <ret> <errno-name>
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char* what, long r) {
  printf("%s %ld %s\n", what, r < 0 ? -1L : r, r < 0 ? strerrorname_np(errno) : "0");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pid_t c = fork();
  if (c == 0) {
    report("traceme", ptrace(PTRACE_TRACEME, 0, NULL, NULL));
    _exit(0);
  }
  waitpid(c, NULL, 0);

  pid_t siblings[2];
  for (int i = 0; i < 2; ++i) {
    siblings[i] = fork();
    if (siblings[i] == 0) {
      pause();  // until the parent kills it
      _exit(0);
    }
  }
  report("attach", ptrace(PTRACE_ATTACH, siblings[0], NULL, NULL));
  report("seize", ptrace(PTRACE_SEIZE, siblings[1], NULL, NULL));
  for (int i = 0; i < 2; ++i) {
    kill(siblings[i], SIGKILL);
    waitpid(siblings[i], NULL, 0);
  }
  return 0;
}
