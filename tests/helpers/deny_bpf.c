// Runs a program with bpf(2) refused (EPERM) by a seccomp filter, as in a container whose
// seccomp profile refuses it (Docker's default profile does): root, the kernel's BTF and cgroup v2
// are all there, and the eBPF programs still cannot load. Usage: deny_bpf PROGRAM [ARGS...]
#include <errno.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "refuse_one_call.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  struct sock_filter filter[] = REFUSE_ONE_CALL(__NR_bpf, EPERM);
  struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) return 126;
  execvp(argv[1], argv + 1);
  return 127;
}
