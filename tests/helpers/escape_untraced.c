// Tries the ptrace escape through CLONE_UNTRACED (auto-attach would skip such a child), and
// clone3, whose flags a seccomp filter cannot inspect. Prints what the kernel answered:
//   clone_untraced <ret> <errno-name>
//   clone3 <ret> <errno-name>
// A child that does get created writes "escaped" to the file given as argv[1].
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void child_escaped(const char* marker) {
  int fd = open(marker, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd >= 0) {
    if (write(fd, "escaped\n", 8) < 0) _exit(2);
    close(fd);
  }
  _exit(0);
}

static const char* name(long r) { return r < 0 ? strerrorname_np(errno) : "0"; }

int main(int argc, char** argv) {
  const char* marker = argc > 1 ? argv[1] : "/dev/null";
  setvbuf(stdout, NULL, _IONBF, 0);
  long r = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
  if (r == 0) child_escaped(marker);
  printf("clone_untraced %ld %s\n", r < 0 ? -1L : r, name(r));
  if (r > 0) waitpid((pid_t)r, NULL, 0);

  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_UNTRACED;
  ca.exit_signal = SIGCHLD;
  r = syscall(SYS_clone3, &ca, sizeof ca);
  if (r == 0) child_escaped(marker);
  printf("clone3 %ld %s\n", r < 0 ? -1L : r, name(r));
  if (r > 0) waitpid((pid_t)r, NULL, 0);
  return 0;
}
