// Prints its real and effective user ids: "ruid R euid E". Installed setuid by the tests to see
// what the kernel does with the setuid bit of a traced program.
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void) {
  uid_t r, e, s;
  if (getresuid(&r, &e, &s) != 0) return 1;
  printf("ruid %u euid %u\n", (unsigned)r, (unsigned)e);
  return 0;
}
