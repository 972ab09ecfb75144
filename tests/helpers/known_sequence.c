// Makes a known sequence of syscalls and prints, for each, the facts the log must show:
//   open <path> <fd>          openat(AT_FDCWD, path, O_WRONLY|O_CREAT|O_TRUNC, 0600) = fd
//   write <fd> 3              write(fd, "abc", 3) = 3
//   child <pid> 7             a forked child exits with 7
//   connect <fd> <port> <errno-name>   connect to a closed 127.0.0.1 port → ECONNREFUSED
//   thread <tid> <pid>        a second thread calls getpid
// The test compares these lines with events.jsonl: the program that made the calls wrote the
// expectation (the strace test-suite idea), so the test cannot drift from the truth.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void* thread_main(void* out) {
  long* ids = out;
  ids[0] = syscall(SYS_gettid);
  ids[1] = syscall(SYS_getpid);
  return NULL;
}

static int closed_port(void) {
  // Bind to an ephemeral port, then close it: nothing listens there afterwards.
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(s, (struct sockaddr*)&a, sizeof a) != 0 || getsockname(s, (struct sockaddr*)&a, &len) != 0) return 1;
  close(s);
  return ntohs(a.sin_port);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: known_sequence PATH\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IONBF, 0);
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
  printf("open %s %d\n", argv[1], fd);
  ssize_t n = write(fd, "abc", 3);
  printf("write %d %zd\n", fd, n);
  close(fd);

  pid_t child = fork();
  if (child == 0) _exit(7);
  int status = 0;
  waitpid(child, &status, 0);
  printf("child %d %d\n", child, WEXITSTATUS(status));

  int port = closed_port();
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int rc = connect(s, (struct sockaddr*)&a, sizeof a);
  printf("connect %d %d %s\n", s, port, rc == 0 ? "0" : strerrorname_np(errno));
  close(s);

  long ids[2] = {0, 0};
  pthread_t t;
  pthread_create(&t, NULL, thread_main, ids);
  pthread_join(t, NULL);
  printf("thread %ld %ld\n", ids[0], ids[1]);
  return 0;
}
