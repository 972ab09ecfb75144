// Signal actions and masks: sigaction with SA_ flags and masks, SIG_IGN and SIG_DFL, signals
// delivered to a handler (SIGUSR1, SIGIO as strace's SIGPOLL, a real-time signal), a blocked
// signal delivered when unblocked, rt_sigprocmask's operations. Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t seen;
static void on_signal(int sig) { seen += sig; }
static void on_info(int sig, siginfo_t* si, void* uc) {
  (void)si, (void)uc;
  seen += sig;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaddset(&sa.sa_mask, SIGUSR2);
  sigaddset(&sa.sa_mask, SIGRTMIN + 2);
  sa.sa_flags = SA_RESTART | SA_NODEFER;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = on_info;
  sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
  struct sigaction old;
  sigaction(SIGIO, &sa, &old);
  sigaction(SIGRTMIN + 3, &sa, NULL);
  signal(SIGHUP, SIG_IGN);
  signal(SIGHUP, SIG_DFL);
  sigaction(SIGKILL, &sa, NULL);
  sigaction(SIGUSR1, NULL, &old);
  kill(getpid(), SIGUSR1);
  raise(SIGIO);
  raise(SIGRTMIN + 3);
  sigset_t set, prev;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGCHLD);
  sigprocmask(SIG_BLOCK, &set, &prev);
  kill(getpid(), SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  sigfillset(&set);
  sigprocmask(SIG_SETMASK, &set, NULL);
  sigprocmask(SIG_SETMASK, &prev, NULL);
  sigprocmask(SIG_BLOCK, NULL, &prev);
  return seen == 0;
}
