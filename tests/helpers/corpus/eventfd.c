// eventfd: the old eventfd and eventfd2's flags (EFD_SEMAPHORE), 8-byte counters written and
// read (binary buffers), a non-blocking read of zero (EAGAIN). Exits 0.
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const int a = (int)syscall(SYS_eventfd, 3);
  const int b = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  const int c = eventfd(2, EFD_SEMAPHORE);
  uint64_t v = 5;
  write(b, &v, sizeof v);
  read(b, &v, sizeof v);
  read(b, &v, sizeof v);
  read(c, &v, sizeof v);
  read(a, &v, sizeof v);
  write(a, &v, 4);
  close(a);
  close(b);
  close(c);
  return 0;
}
