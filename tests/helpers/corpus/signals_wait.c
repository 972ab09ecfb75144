// Waiting for signals: rt_sigtimedwait (timed out and with a pending signal), rt_sigpending,
// sigqueue and rt_tgsigqueueinfo with a value, tgkill, sigaltstack, and rt_sigsuspend returning
// once a signal blocked before it is handled. Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void on_signal(int sig) { (void)sig; }

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  struct timespec zero = {0, 0};
  siginfo_t si;
  sigtimedwait(&set, &si, &zero);
  union sigval v = {.sival_int = 42};
  sigqueue(getpid(), SIGRTMIN + 1, v);
  sigset_t pending;
  sigpending(&pending);
  sigtimedwait(&set, &si, NULL);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
  sigwaitinfo(&set, &si);
  stack_t ss = {.ss_sp = malloc(SIGSTKSZ), .ss_size = SIGSTKSZ, .ss_flags = 0}, old;
  sigaltstack(&ss, &old);
  sigaltstack(NULL, &old);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);  // blocked: pending until sigsuspend's empty mask
  sigset_t none;
  sigemptyset(&none);
  sigsuspend(&none);
  return 0;
}
