// Policy helper: four threads each write a line to stdout; the main thread joins them.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void* worker(void* arg) {
  char line[32];
  const int n = snprintf(line, sizeof line, "thread %ld\n", (long)arg);
  if (write(1, line, (size_t)n) != n) return (void*)1;
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; ++i) {
    if (pthread_create(&t[i], NULL, worker, (void*)i) != 0) return 2;
    pthread_join(t[i], NULL);  // one at a time: the output order is fixed
  }
  printf("joined\n");
  return 0;
}
