// clone and clone3 with their named arguments: a thread (CLONE_THREAD, parent and child tid
// words) that the main thread waits for by spinning on the cleared tid word (no syscall, so no
// race in what is traced), and a clone3 child with exit_signal SIGCHLD reaped by wait4. Exits 0.
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t child_tid = 1;

static int thread_main(void* arg) {
  (void)arg;
  write(1, "", 0);
  syscall(SYS_exit, 0);
  return 0;
}

int main(void) {
  char* stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  pid_t ptid = 0;
  const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                    CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  if (clone(thread_main, stack + 65536, flags, NULL, &ptid, NULL, &child_tid) < 0) return 1;
  while (__atomic_load_n(&child_tid, __ATOMIC_ACQUIRE) != 0) {
  }
  struct clone_args args = {.flags = CLONE_CLEAR_SIGHAND, .exit_signal = SIGCHLD};
  const long c = syscall(SYS_clone3, &args, sizeof args);
  if (c == 0) _exit(3);
  int status;
  wait4((pid_t)c, &status, 0, NULL);
  return 0;
}
