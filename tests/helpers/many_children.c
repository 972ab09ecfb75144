// Forks N children (default 500) that each exit with i % 256, and runs T threads (default 50)
// that each make K getppid calls; prints the number of its own syscalls it knows of.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int per_thread = 100;

static void* worker(void* arg) {
  (void)arg;
  for (int i = 0; i < per_thread; ++i) syscall(SYS_getppid);
  return NULL;
}

int main(int argc, char** argv) {
  int children = argc > 1 ? atoi(argv[1]) : 500;
  int threads = argc > 2 ? atoi(argv[2]) : 50;
  per_thread = argc > 3 ? atoi(argv[3]) : 100;
  for (int i = 0; i < children; ++i) {
    pid_t c = fork();
    if (c == 0) _exit(i % 256);
    if (c < 0) return 1;
  }
  int reaped = 0;
  while (wait(NULL) > 0) ++reaped;
  pthread_t* t = calloc((size_t)threads, sizeof *t);
  for (int i = 0; i < threads; ++i) pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
  printf("children %d reaped %d getppid %d\n", children, reaped, threads * per_thread);
  return 0;
}
