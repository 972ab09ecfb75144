// A fork bomb of exactly N processes (argv[1]): every process, the children too, keeps forking
// until N forks have been made in all, then waits for its children and exits at once. Children
// that exit before their parent's fork returns are the race that once counted a process twice.
// Prints the number of forks made.
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const long n = atol(argv[1]);
  atomic_long* made = mmap(NULL, sizeof *made, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (made == MAP_FAILED) return 1;
  atomic_init(made, 0);
  const pid_t root = getpid();
  for (;;) {
    if (atomic_fetch_add(made, 1) >= n) break;
    const pid_t pid = fork();
    if (pid < 0) return 1;
  }
  while (wait(NULL) > 0) {
  }
  if (getpid() == root) printf("%ld\n", n);
  return 0;
}
