// Installs a seccomp filter of its own that answers mkdir with EACCES (with seccomp(), or with
// prctl(PR_SET_SECCOMP) given the argument "prctl"), then calls mkdir(DIR) itself and in a child
// it forks afterwards. A filter's ERRNO outranks a tracer's SECCOMP_RET_TRACE, so under a --trace
// pre-filter these calls would never stop the program; capsule must record them all the same.
// Prints "mkdir <ret> <errno-name>" and "child_mkdir <ret> <errno-name>".
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "refuse_one_call.h"

static void report(const char* what, long r) {
  printf("%s %ld %s\n", what, r < 0 ? -1L : r, r < 0 ? strerrorname_np(errno) : "0");
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc < 2) return 2;
  struct sock_filter insns[] = REFUSE_ONE_CALL(__NR_mkdir, EACCES);
  struct sock_fprog prog = {sizeof insns / sizeof insns[0], insns};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return 3;
  const int via_prctl = argc > 2 && strcmp(argv[2], "prctl") == 0;
  const long r = via_prctl ? prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)
                           : syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
  report("install", r);
  report("mkdir", mkdir(argv[1], 0700));
  const pid_t child = fork();
  if (child == 0) {
    report("child_mkdir", mkdir(argv[1], 0700));
    _exit(0);
  }
  waitpid(child, NULL, 0);
  return 0;
}
