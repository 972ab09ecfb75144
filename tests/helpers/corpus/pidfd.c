// Process fds: pidfd_open of a child (which has exited or not: the same either way), waitid
// (P_PIDFD), pidfd_send_signal to the reaped child (ESRCH: its pidfd no longer names a pid), a
// child made with clone's CLONE_PIDFD (its pidfd in parent_tid) waited for the same way,
// pidfd_getfd of our own fd, process_vm_readv of ourselves, kcmp of two fds for one file. Exits 0.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  int p[2];
  if (pipe(p) != 0) return 1;
  const pid_t c = fork();
  if (c == 0) _exit(5);
  const int pfd = (int)syscall(SYS_pidfd_open, c, 0);
  siginfo_t si;
  waitid(P_PIDFD, (id_t)pfd, &si, WEXITED);
  syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0);
  int cloned = -1;
  if (syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &cloned, 0, 0) == 0) _exit(6);
  waitid(P_PIDFD, (id_t)cloned, &si, WEXITED);
  close(cloned);
  const int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
  syscall(SYS_pidfd_getfd, self, p[1], 0);
  char src[8] = "vmread!", dst[8];
  struct iovec local = {dst, sizeof dst}, remote = {src, sizeof src};
  process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
  const int d = dup(p[1]);
  syscall(SYS_kcmp, getpid(), getpid(), 0 /* KCMP_FILE */, p[1], d);
  return 0;
}
