// Calls futex with one operation of each shape strace distinguishes (the arguments each one uses),
// none of which blocks: a wake, waits whose value does not match or that time out at once,
// requeues with nobody waiting, an unlock of a lock not held. Exits 0.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t* uaddr, int op, uint32_t val, const void* timeout, uint32_t* uaddr2, uint32_t val3) {
  return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

int main(void) {
  uint32_t word = 1, other = 0;
  const struct timespec now = {0, 1000};
  futex(&word, FUTEX_WAKE_PRIVATE, 2147483647, NULL, NULL, 0);
  futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
  futex(&word, FUTEX_WAIT_PRIVATE, 1, &now, NULL, 0);
  futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x5);
  futex(&word, FUTEX_REQUEUE_PRIVATE, 1, (const void*)(uintptr_t)7, &other, 0);
  futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (const void*)(uintptr_t)7, &other, 3);
  futex(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  return 0;
}
