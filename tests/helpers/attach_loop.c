// A long-running program for `capsule attach` (tests/integration/attach_test.cpp), started
// untraced. Usage: attach_loop DIR
// Before printing "ready": opens DIR/held (so an fd exists before any attach) and starts a second
// thread that calls getppid every 50 ms. Then, every 100 ms: writes "x" to the held fd, opens and
// closes DIR/tick.N (N counts up); on SIGUSR1 forks a child that opens DIR/child and exits 7
// (reaped); when DIR/stop exists, exits 3. Gives up after 60 s (exit 1) so it never outlives a test.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t fork_requested = 0;

static void on_usr1(int sig) {
  (void)sig;
  fork_requested = 1;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void* ask_parent(void* arg) {
  (void)arg;
  for (;;) {
    getppid();
    sleep_ms(50);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const char* dir = argv[1];
  char path[4096];
  snprintf(path, sizeof path, "%s/held", dir);
  const int held = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (held < 0) return 2;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  pthread_t thread;
  if (pthread_create(&thread, NULL, ask_parent, NULL) != 0) return 2;
  printf("ready\n");
  fflush(stdout);
  for (int n = 0; n < 600; ++n) {
    if (write(held, "x", 1) != 1) return 2;
    snprintf(path, sizeof path, "%s/tick.%d", dir, n);
    const int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    if (fork_requested) {
      fork_requested = 0;
      const pid_t child = fork();
      if (child == 0) {
        snprintf(path, sizeof path, "%s/child", dir);
        open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        _exit(7);
      }
      if (child > 0) waitpid(child, NULL, 0);
    }
    snprintf(path, sizeof path, "%s/stop", dir);
    if (access(path, F_OK) == 0) return 3;
    sleep_ms(100);
  }
  return 1;
}
