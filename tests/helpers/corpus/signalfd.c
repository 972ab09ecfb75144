// signalfd: signalfd4 and its flags, a SIGALRM from a 1 ms interval timer read as a
// signalfd_siginfo (sent by the kernel: no pid in it), an empty non-blocking read. Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGALRM);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  const int fd = signalfd(-1, &mask, SFD_CLOEXEC);
  const int nb = signalfd(-1, &mask, SFD_NONBLOCK);
  struct itimerval iv = {{0, 0}, {0, 1000}};
  setitimer(ITIMER_REAL, &iv, NULL);
  struct signalfd_siginfo si;
  read(fd, &si, sizeof si);
  read(nb, &si, sizeof si);
  sigaddset(&mask, SIGUSR1);
  signalfd(fd, &mask, 0);
  close(fd);
  close(nb);
  return 0;
}
