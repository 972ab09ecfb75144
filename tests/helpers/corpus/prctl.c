// prctl's options (name, death signal, dumpable, no_new_privs, capability bounding set, timer
// slack, subreaper, an unknown option), arch_prctl and personality. Exits 0.
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  char name[16];
  prctl(PR_SET_NAME, "corpus-prctl", 0, 0, 0);
  prctl(PR_GET_NAME, name, 0, 0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
  int sig = 0;
  prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0);
  prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
  prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0);
  prctl(PR_SET_TIMERSLACK, 100000, 0, 0, 0);
  prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  int reaper = 0;
  prctl(PR_GET_CHILD_SUBREAPER, &reaper, 0, 0, 0);
  prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0);
  prctl(9999, 1, 2, 3, 4);
  unsigned long fs = 0;
  syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
  syscall(SYS_arch_prctl, 0x9999, 0);
  personality(0xffffffff);
  personality(PER_LINUX);
  return 0;
}
