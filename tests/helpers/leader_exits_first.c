// A process whose leader ends first (pthread_exit) and whose other thread then ends the group
// with exit_group(5): its parent's wait() says 5, not the leader's own 0. For `capsule attach`
// (tests/integration/attach_test.cpp), which cannot wait() for it and must still end with 5.
// Prints "ready" once the second thread runs; the group ends after about 3 s (time for capsule to attach).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void leader_exits_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void* ends_the_group(void* arg) {
  (void)arg;
  leader_exits_sleep_ms(3000);
  syscall(SYS_exit_group, 5);
  return NULL;
}

int main(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, ends_the_group, NULL) != 0) return 2;
  printf("ready\n");
  fflush(stdout);
  leader_exits_sleep_ms(500);
  pthread_exit(NULL);
}
