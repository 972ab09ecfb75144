// The floor for any seccomp pre-filter (capsule run --trace): runs PROGRAM under a one-rule filter
// (SECCOMP_RET_TRACE for connect, allow everything else) and no tracer. Every syscall then takes
// the kernel's seccomp entry path, which is what an unselected call costs under --trace at best.
// Usage: seccomp_floor PROGRAM [ARGS...]
#define _GNU_SOURCE
#include <seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: seccomp_floor PROGRAM [ARGS...]\n");
    return 2;
  }
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  // Without a tracer a RET_TRACE call fails with ENOSYS; no workload here connects.
  if (ctx == NULL || seccomp_rule_add(ctx, SCMP_ACT_TRACE(1), SCMP_SYS(connect), 0) != 0 ||
      prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || seccomp_load(ctx) != 0) {
    fprintf(stderr, "seccomp_floor: cannot install the filter\n");
    return 125;
  }
  seccomp_release(ctx);
  execvp(argv[1], argv + 1);
  perror("seccomp_floor: exec");
  return 127;
}
