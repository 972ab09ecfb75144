// Measures how soon an action reaches actions.jsonl. The main thread writes a burst to FILE and
// then sleeps for a second; meanwhile a second thread polls actions.jsonl of this very run (the
// newest directory in $CAPSULE_HOME/logs) for the burst's Write action. Prints
//   burst <writes> <bytes>
//   seen <wall µs when the action was first in the file>   (or "missing")
//   line <the action's line>
//   woke <wall µs when the sleep ended>
// The test compares "seen" with the action's own end time, and checks it came before "woke":
// the action was written by the window's timer, not by a later event of this process.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kWrites = 50, kChunk = 100 };

static atomic_int burst_done;
static const char* burst_path;
static char run_dir[4096];
static long long seen_us = -1;
static char seen_line[16384];

static long long wall_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

// The newest run directory (names start with the UTC start time, so the largest name).
static int find_run_dir(void) {
  const char* home = getenv("CAPSULE_HOME");
  if (home == NULL) return 0;
  char logs[2048];
  snprintf(logs, sizeof logs, "%s/logs", home);
  DIR* d = opendir(logs);
  if (d == NULL) return 0;
  char best[256] = "";
  for (struct dirent* e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] != '.' && strcmp(e->d_name, best) > 0) snprintf(best, sizeof best, "%s", e->d_name);
  }
  closedir(d);
  snprintf(run_dir, sizeof run_dir, "%s/%s", logs, best);
  return best[0] != '\0';
}

// Looks for the burst's Write action in actions.jsonl; copies its line when there.
static int action_present(void) {
  char path[4200];
  snprintf(path, sizeof path, "%s/actions.jsonl", run_dir);
  FILE* f = fopen(path, "r");
  if (f == NULL) return 0;
  char target[4200];
  snprintf(target, sizeof target, "\"target\":\"%s\"", burst_path);
  static char line[16384];
  int found = 0;
  while (!found && fgets(line, sizeof line, f) != NULL) {
    if (strstr(line, "\"kind\":\"Write\"") != NULL && strstr(line, target) != NULL) {
      snprintf(seen_line, sizeof seen_line, "%s", line);
      found = 1;
    }
  }
  fclose(f);
  return found;
}

static void* poller(void* arg) {
  (void)arg;
  while (!atomic_load(&burst_done)) sleep_ms(1);
  for (int i = 0; i < 450 && seen_us < 0; ++i) {
    if (action_present()) seen_us = wall_us();
    else sleep_ms(2);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: write_burst_then_wait FILE\n");
    return 2;
  }
  burst_path = argv[1];
  if (!find_run_dir()) {
    fprintf(stderr, "no run directory under $CAPSULE_HOME/logs\n");
    return 1;
  }
  pthread_t t;
  if (pthread_create(&t, NULL, poller, NULL) != 0) return 1;
  const int fd = open(burst_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 1;
  char chunk[kChunk];
  memset(chunk, 'x', sizeof chunk);
  for (int i = 0; i < kWrites; ++i) {
    if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) return 1;
  }
  atomic_store(&burst_done, 1);
  sleep_ms(1000);
  const long long woke = wall_us();
  pthread_join(t, NULL);
  printf("burst %d %d\n", kWrites, kWrites * kChunk);
  if (seen_us < 0) {
    printf("missing\n");
  } else {
    printf("seen %lld\n", seen_us);
    printf("line %s", seen_line);
  }
  printf("woke %lld\n", woke);
  close(fd);
  return 0;
}
