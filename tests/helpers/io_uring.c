// Asks for an io_uring (io_uring_setup), whose operations no syscall tracer can see. Under capsule
// the call fails with ENOSYS unless --allow-io-uring. Prints "io_uring_setup ok" or
// "io_uring_setup -1 <errno-name>".
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  unsigned char params[120];  // struct io_uring_params: zeroed asks for the defaults
  memset(params, 0, sizeof params);
  const long fd = syscall(SYS_io_uring_setup, 4, params);
  if (fd < 0) printf("io_uring_setup -1 %s\n", strerrorname_np(errno));
  else printf("io_uring_setup ok\n");
  return 0;
}
