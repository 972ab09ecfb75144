// A raw clone3 with CLONE_THREAD (the call glibc's pthread_create makes first), then a normal
// pthread_create. Under capsule the seccomp guard answers clone3 with ENOSYS, and glibc falls back
// to clone, whose flags the guard can inspect. Prints:
//   clone3_thread <ret> <errno-name>     (ret is -1, or the new thread's tid outside capsule)
//   pthread <value the thread returned>
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "clone3_thread: the raw clone3 is written for x86-64"
#endif

// The new thread starts on its own stack right after the syscall instruction, so it must not
// return into C code: it exits at once, in the same asm block.
static long clone3_thread_that_exits(struct clone_args* ca) {
  long ret;
  __asm__ volatile(
      "syscall\n\t"
      "test %%rax, %%rax\n\t"
      "jnz 1f\n\t"
      "mov $60, %%eax\n\t"  // SYS_exit: this thread only
      "xor %%edi, %%edi\n\t"
      "syscall\n\t"
      "1:\n\t"
      : "=a"(ret)
      : "0"((long)SYS_clone3), "D"(ca), "S"(sizeof *ca)
      : "rcx", "r11", "memory");
  return ret;
}

static void* answer(void* arg) {
  (void)arg;
  return (void*)(intptr_t)42;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const size_t stack_size = 64 * 1024;
  char* stack = malloc(stack_size);
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
  ca.stack = (uint64_t)(uintptr_t)stack;
  ca.stack_size = stack_size;
  long r = clone3_thread_that_exits(&ca);
  if (r < 0) {
    printf("clone3_thread -1 %s\n", strerrorname_np((int)-r));
  } else {
    printf("clone3_thread %ld 0\n", r);
    usleep(100 * 1000);  // let the thread exit before its stack could be reused
  }
  pthread_t t;
  void* result = NULL;
  if (pthread_create(&t, NULL, answer, NULL) != 0 || pthread_join(t, &result) != 0) return 1;
  printf("pthread %d\n", (int)(intptr_t)result);
  return 0;
}
