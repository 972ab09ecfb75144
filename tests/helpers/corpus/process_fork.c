// Children: fork, a child that exits 7, one killed by SIGTERM, wait4 and waitid on each, the
// SIGCHLD lines, and waiting with no child left (ECHILD). Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t c = fork();
  if (c == 0) _exit(7);
  int status = 0;
  wait4(c, &status, 0, NULL);
  c = fork();
  if (c == 0) {
    raise(SIGTERM);
    _exit(1);
  }
  siginfo_t si;
  waitid(P_PID, c, &si, WEXITED);
  wait4(-1, &status, WNOHANG, NULL);
  waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
  return 0;
}
