// The attached program of bench/attach_bench.py: calls getppid in a loop for SECONDS and prints,
// every 100 ms, "MONOTONIC_SECONDS CALLS" (the calls made in that interval), so that one process
// shows its own rate before, while and after capsule is attached to it.
// Usage: attach_rate SECONDS
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double attach_rate_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const double end = attach_rate_now() + atof(argv[1]);
  double mark = attach_rate_now();
  long calls = 0;
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (;;) {
    for (int i = 0; i < 256; ++i) getppid();
    calls += 256;
    const double t = attach_rate_now();  // a vDSO call: not a syscall
    if (t - mark >= 0.1) {
      printf("%.6f %ld\n", t, calls);
      calls = 0;
      mark = t;
      if (t >= end) return 0;
    }
  }
}
