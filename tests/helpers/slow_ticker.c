/* Makes one getppid() a second, three times: for `capsule tail` latency tests, which compare
   when each record reaches tail's output with the record's own timestamp. Usage: slow_ticker [N] */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const int ticks = argc > 1 ? atoi(argv[1]) : 3;
  for (int i = 0; i < ticks; ++i) {
    struct timespec second = {1, 0};
    nanosleep(&second, NULL);
    (void)getppid();
  }
  return 0;
}
