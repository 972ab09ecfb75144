// Socket protocols and options strace names by their family and level: socket's protocol
// (IPPROTO_TCP, IPPROTO_IP for 0 on AF_INET, a bare 0 on AF_UNIX), setsockopt's and getsockopt's
// option names and int values ("[1]"), a failed getsockopt (the pointer). Exits 0.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const int tcp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const int udp = socket(AF_INET6, SOCK_DGRAM, 0);
  const int unix_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);  // strace: CLOEXEC first
  if (tcp < 0 || udp < 0 || unix_fd < 0) return 1;
  const int one = 1;
  setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(tcp, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(udp, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  int value = 0;
  socklen_t len = sizeof value;
  getsockopt(tcp, SOL_SOCKET, SO_TYPE, &value, &len);
  len = sizeof value;
  getsockopt(-1, SOL_SOCKET, SO_ERROR, &value, &len);
  close(unix_fd);
  close(udp);
  close(tcp);
  return 0;
}
