// Receives signals of every origin strace names differently in its "--- SIG… {siginfo} ---" lines:
// kill (SI_USER), tgkill (SI_TKILL), sigqueue (SI_QUEUE with its value), a fault (SEGV_MAPERR and
// its address), a timer (SI_KERNEL), and SIGCHLD for a child that exits (CLD_EXITED), is killed
// (CLD_KILLED), stops and continues (CLD_STOPPED, CLD_CONTINUED; the child's own "--- stopped by
// SIGSTOP ---"). One step at a time, so that each process's lines come in a fixed order. Exits 0.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf after_fault;
static volatile sig_atomic_t last_child_code;

static void on_signal(int sig, siginfo_t* info, void* context) {
  (void)context;
  if (sig == SIGSEGV) siglongjmp(after_fault, 1);
  if (sig == SIGCHLD) last_child_code = info->si_code;
}

static void handle(int sig) {
  struct sigaction a;
  memset(&a, 0, sizeof a);
  a.sa_sigaction = on_signal;
  a.sa_flags = SA_SIGINFO;
  sigaction(sig, &a, NULL);
}

// Standard signals do not queue: a second SIGCHLD sent while the first is pending is lost, and
// which one is lost would depend on timing. So SIGCHLD stays blocked except in sigsuspend, each
// one is taken there before the next can be sent, and the continued child waits for the parent
// (the pipe) before it exits, so that its CLD_CONTINUED and CLD_EXITED never meet.
static sigset_t all_but_chld;

static void await_child_signal(int code) {
  while (last_child_code != code) sigsuspend(&all_but_chld);
  last_child_code = 0;
}

static pid_t child(int how, int go) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  if (how == SIGKILL) raise(SIGKILL);
  if (how == SIGSTOP) {
    raise(SIGSTOP);
    char c;
    (void)!read(go, &c, 1);
  }
  _exit(3);
}

int main(void) {
  handle(SIGUSR1);
  handle(SIGUSR2);
  handle(SIGSEGV);
  handle(SIGALRM);
  kill(getpid(), SIGUSR1);
  syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2);
  union sigval value = {.sival_int = 42};
  sigqueue(getpid(), SIGUSR1, value);
  if (sigsetjmp(after_fault, 1) == 0) *(volatile int*)(uintptr_t)8 = 1;
  // SIGALRM blocked until the wait starts: a traced, loaded process may take longer than the
  // timer's 1 ms to get from setitimer into the wait (pause() would then wait forever).
  sigset_t alarm_only, before;
  sigemptyset(&alarm_only);
  sigaddset(&alarm_only, SIGALRM);
  sigprocmask(SIG_BLOCK, &alarm_only, &before);
  struct itimerval t = {.it_value = {.tv_usec = 1000}};
  setitimer(ITIMER_REAL, &t, NULL);
  sigsuspend(&before);
  sigprocmask(SIG_SETMASK, &before, NULL);

  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &all_but_chld);
  handle(SIGCHLD);
  int go[2];
  if (pipe(go) != 0) return 1;
  int status = 0;
  pid_t pid = child(0, go[0]);
  await_child_signal(CLD_EXITED);
  waitpid(pid, &status, 0);
  pid = child(SIGKILL, go[0]);
  await_child_signal(CLD_KILLED);
  waitpid(pid, &status, 0);
  pid = child(SIGSTOP, go[0]);
  await_child_signal(CLD_STOPPED);
  waitpid(pid, &status, WUNTRACED);
  kill(pid, SIGCONT);
  await_child_signal(CLD_CONTINUED);
  (void)!write(go[1], "g", 1);
  await_child_signal(CLD_EXITED);
  waitpid(pid, &status, 0);
  return 0;
}
