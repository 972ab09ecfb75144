/* One of each thing `capsule export` maps (tests/integration/export_test.cpp): runs /bin/true,
 * writes DIR/out.txt and renames it to DIR/renamed.txt, reads /etc/shadow (a finding as root),
 * listens on a loopback port (a finding for anyone), connects to it, sends "ping" and receives
 * it. Prints the port. Usage: export_activity DIR */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  pid_t child = fork();
  if (child == 0) {
    execl("/bin/true", "true", "exported-arg", (char*)NULL);
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child || status != 0) return 1;

  char path[4096], renamed[4096];
  snprintf(path, sizeof path, "%s/out.txt", argv[1]);
  snprintf(renamed, sizeof renamed, "%s/renamed.txt", argv[1]);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, "data\n", 5) != 5) return 1;
  close(fd);
  if (rename(path, renamed) != 0) return 1;

  char buf[64];
  fd = open("/etc/shadow", O_RDONLY);
  if (fd >= 0) {
    (void)read(fd, buf, sizeof buf);
    close(fd);
  }

  int server = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (server < 0 || bind(server, (struct sockaddr*)&addr, sizeof addr) != 0 || listen(server, 1) != 0 ||
      getsockname(server, (struct sockaddr*)&addr, &len) != 0) {
    return 1;
  }
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (client < 0 || connect(client, (struct sockaddr*)&addr, sizeof addr) != 0) return 1;
  int conn = accept(server, NULL, NULL);
  if (conn < 0 || send(client, "ping", 4, 0) != 4 || recv(conn, buf, 4, MSG_WAITALL) != 4) return 1;
  printf("%d\n", ntohs(addr.sin_port));
  return 0;
}
