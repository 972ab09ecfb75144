/* Tries destinations one after the other and prints what each call returned, for the egress
 * allow-list tests (tests/integration/egress_policy_test.cpp):
 *   tcp HOST PORT   connect a TCP socket    udp HOST PORT   sendto on a UDP socket
 *   msg HOST PORT   sendmsg with msg_name on a UDP socket
 * HOST is an IPv4 or IPv6 literal (not looked up), or a name resolved with getaddrinfo (which
 * reads /etc/hosts). Each line is "OP HOST PORT: ok" or the errno's name (ECONNREFUSED: the
 * kernel tried, nothing listens; EACCES: refused).
 *
 * usage: egress_probe OP HOST PORT [OP HOST PORT ...]   exit 0 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char* result(int rc) {
  if (rc == 0) return "ok";
  switch (errno) {
    case EACCES: return "EACCES";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EPERM: return "EPERM";
    case ENETUNREACH: return "ENETUNREACH";
    default: return strerror(errno);
  }
}

/* host:port into ss; 0 when it could be read. */
static int destination(const char* host, const char* port, struct sockaddr_storage* ss, socklen_t* len) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  struct in6_addr v6;
  struct in_addr v4;
  if (inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1) {
    hints.ai_flags = AI_NUMERICHOST;
  } else {
    hints.ai_family = AF_INET;  /* a name: its IPv4 address, as /etc/hosts gives it */
  }
  if (getaddrinfo(host, port, &hints, &res) != 0 || res == NULL) return -1;
  memcpy(ss, res->ai_addr, res->ai_addrlen);
  *len = res->ai_addrlen;
  freeaddrinfo(res);
  return 0;
}

int main(int argc, char** argv) {
  for (int i = 1; i + 2 < argc; i += 3) {
    const char *op = argv[i], *host = argv[i + 1], *port = argv[i + 2];
    struct sockaddr_storage ss;
    socklen_t len = 0;
    if (destination(host, port, &ss, &len) != 0) {
      printf("%s %s %s: unresolved\n", op, host, port);
      continue;
    }
    const int udp = strcmp(op, "tcp") != 0;
    const int s = socket(ss.ss_family, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    int rc;
    if (!udp) {
      rc = connect(s, (struct sockaddr*)&ss, len);
    } else if (strcmp(op, "udp") == 0) {
      rc = sendto(s, "x", 1, 0, (struct sockaddr*)&ss, len) == 1 ? 0 : -1;
    } else {
      struct iovec iov = {.iov_base = "x", .iov_len = 1};
      struct msghdr msg = {.msg_name = &ss, .msg_namelen = len, .msg_iov = &iov, .msg_iovlen = 1};
      rc = sendmsg(s, &msg, 0) == 1 ? 0 : -1;
    }
    printf("%s %s %s: %s\n", op, host, port, result(rc));
    fflush(stdout);
    close(s);
  }
  return 0;
}
