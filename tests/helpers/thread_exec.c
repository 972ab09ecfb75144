// execve from a thread that is not the thread-group leader: the leader waits in pause() while a
// second thread replaces the whole process with "argv[1] from-thread". The kernel kills the
// leader, and the exec'ing thread takes over the leader's tid. Prints "leader <pid>" first.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

extern char** environ;
static char* program;

static void* exec_from_thread(void* arg) {
  (void)arg;
  char* args[] = {program, "from-thread", NULL};
  execve(program, args, environ);
  _exit(127);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  program = argv[1];
  printf("leader %d\n", (int)getpid());
  fflush(stdout);
  pthread_t t;
  if (pthread_create(&t, NULL, exec_from_thread, NULL) != 0) return 3;
  for (;;) pause();
}
