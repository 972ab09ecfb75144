// Signals delivered in each of the ways the tracers see differently: one handled (SIGUSR1 sent to
// itself), SIGCHLD ignored by default while the parent waits, children killed by SIGTERM (fatal,
// from a process), SIGPIPE (fatal, from the kernel) and SIGKILL (never reported), one exiting 3.
// The parent reaps each child before the next starts, so every run's order is the same. Exits 0.
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int s) { (void)s; }

// Each child first lets its parent reach waitpid, so that SIGCHLD arrives during it in every run.
static void settle(void) { usleep(20000); }

static void reap(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0);
}

int main(void) {
  struct sigaction a;
  memset(&a, 0, sizeof a);
  a.sa_handler = on_usr1;
  sigaction(SIGUSR1, &a, NULL);
  kill(getpid(), SIGUSR1);

  pid_t c = fork();
  if (c == 0) {
    settle();
    _exit(3);
  }
  reap(c);

  c = fork();
  if (c == 0) {
    settle();
    kill(getpid(), SIGTERM);
    pause();
    _exit(1);
  }
  reap(c);

  c = fork();
  if (c == 0) {
    settle();
    int p[2];
    if (pipe(p) != 0) _exit(1);
    close(p[0]);
    char x = 'x';  // on the stack: a page the child has (a string's page it never touched is not)
    (void)!write(p[1], &x, 1);
    _exit(1);
  }
  reap(c);

  c = fork();
  if (c == 0) {
    settle();
    kill(getpid(), SIGKILL);
    pause();
    _exit(1);
  }
  reap(c);
  return 0;
}
