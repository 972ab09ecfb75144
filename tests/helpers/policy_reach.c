// Policy helper for the Landlock part: the same calls every time, aimed where the arguments say.
//   policy_reach DIR EXEC PORT_LISTEN PORT_CONNECT
// writes DIR/reach.txt, runs EXEC (fork + execve, with the argument --noop), binds and listens on
// 127.0.0.1:PORT_LISTEN and connects to 127.0.0.1:PORT_CONNECT. Prints one line per step
// ("write: ok" / "write: EACCES") and exits 0 only when all four worked.
// Run as `policy_reach --noop` it exits 0 at once (the EXEC of a recording).
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char* name_of(int err) {
  switch (err) {
    case 0: return "ok";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case ECONNREFUSED: return "ECONNREFUSED";
    default: return "other error";
  }
}

static int report(const char* step, int err) {
  printf("%s: %s\n", step, name_of(err));
  fflush(stdout);
  return err == 0 ? 0 : 1;
}

static int write_in(const char* dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/reach.txt", dir);
  const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return errno;
  const int err = write(fd, "reach\n", 6) == 6 ? 0 : errno;
  close(fd);
  return err;
}

// The child's execve errno comes back as its exit code (0: the program ran and exited 0).
static int run(const char* exe) {
  const pid_t pid = fork();
  if (pid < 0) return errno;
  if (pid == 0) {
    char* argv[] = {(char*)exe, "--noop", NULL};
    execv(exe, argv);
    _exit(errno);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return errno;
  return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "--noop") == 0) return 0;
  if (argc != 5) return 2;
  int failed = report("write", write_in(argv[1]));
  failed |= report("exec", run(argv[2]));
  const int server = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(atoi(argv[3]));
  const int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int err = bind(server, (struct sockaddr*)&a, sizeof a) == 0 && listen(server, 4) == 0 ? 0 : errno;
  failed |= report("bind", err);
  const int client = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in c = loopback(atoi(argv[4]));
  err = connect(client, (struct sockaddr*)&c, sizeof c) == 0 ? 0 : errno;
  failed |= report("connect", err);
  close(client);
  close(server);
  return failed;
}
