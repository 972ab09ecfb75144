// futex by operation: a wait whose value differs (EAGAIN), a timed wait (ETIMEDOUT), wake,
// bitset waits with an absolute time in the past, wake_op, requeue and cmp_requeue, the PI
// lock and unlock on a free word, and futex_waitv. Exits 0.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t word = 1, other = 0, pi = 0;

int main(void) {
  struct timespec tiny = {0, 1000}, past = {1, 0};
  syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAIT, 1, &tiny, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &past, NULL, FUTEX_BITSET_MATCH_ANY);
  syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, NULL, 0x5);
  syscall(SYS_futex, &word, FUTEX_WAKE_BITSET, 3, NULL, NULL, 0x2);
  syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 1, (void*)1, &other, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
  syscall(SYS_futex, &word, FUTEX_REQUEUE_PRIVATE, 1, (void*)2, &other, 0);
  syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE, 1, (void*)2, &other, 9);
  syscall(SYS_futex, &pi, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  syscall(SYS_futex, &pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  syscall(SYS_futex, &word, 99, 0, NULL, NULL, 0);
  struct futex_waitv wv = {.val = 2, .uaddr = (uintptr_t)&word, .flags = FUTEX_32};
  syscall(SYS_futex_waitv, &wv, 1, 0, NULL, CLOCK_MONOTONIC);
  return 0;
}
