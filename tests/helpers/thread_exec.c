// execve from a thread that is not the thread-group leader: the leader waits in pause() while a
// second thread replaces the whole process with "argv[1] from-thread". The kernel kills the
// leader, and the exec'ing thread takes over the leader's tid. Prints "leader <pid>" first.
// The thread execs only once the leader is inside pause() (/proc/self/task/<leader>/syscall
// names it), so that the pause is always in the record, however the threads are scheduled.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

extern char** environ;
static char* program;
static pid_t leader;

static int leader_in_pause(void) {
  char path[64], text[64] = {0};
  snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)leader);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  char want[16];
  snprintf(want, sizeof want, "%d ", SYS_pause);
  return n > 0 && strncmp(text, want, strlen(want)) == 0;
}

static void* exec_from_thread(void* arg) {
  (void)arg;
  const struct timespec ms = {0, 1000000};
  while (!leader_in_pause()) nanosleep(&ms, NULL);
  char* args[] = {program, "from-thread", NULL};
  execve(program, args, environ);
  _exit(127);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  program = argv[1];
  leader = getpid();
  printf("leader %d\n", (int)leader);
  fflush(stdout);
  pthread_t t;
  if (pthread_create(&t, NULL, exec_from_thread, NULL) != 0) return 3;
  for (;;) pause();
}
