/* Looks a name up the way a resolver does, without the resolver (which only asks the servers of
 * /etc/resolv.conf): a DNS query for NAME sent with sendto to 127.0.0.1:DNS_PORT over UDP, the
 * answer read with recvfrom, then a TCP connect to the first A address of the answer at
 * CONNECT_PORT, one line written and the socket closed. With "tcp" as a fourth argument, the
 * query goes over TCP instead (2-byte length first, RFC 1035 4.2.2).
 *
 * usage: dns_client DNS_PORT NAME CONNECT_PORT [tcp]   exit 0 when it connected */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static size_t build_query(const char* name, unsigned char* q) {
  static const unsigned char header[12] = {0x4a, 0x11, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  memcpy(q, header, sizeof header);
  size_t n = sizeof header;
  const char* p = name;
  while (*p) {
    const char* dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    q[n++] = (unsigned char)len;
    memcpy(q + n, p, len);
    n += len;
    p += len;
    if (*p == '.') p++;
  }
  q[n++] = 0;
  q[n++] = 0, q[n++] = 1;  /* type A */
  q[n++] = 0, q[n++] = 1;  /* class IN */
  return n;
}

/* The server answers with one A record, last in the message: its 4 bytes end the answer. */
static int first_a(const unsigned char* r, ssize_t len, struct in_addr* out) {
  if (len < 16 || (r[3] & 0x0f) != 0 || r[7] == 0) return -1;
  memcpy(&out->s_addr, r + len - 4, 4);
  return 0;
}

static ssize_t read_full(int fd, unsigned char* buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = read(fd, buf + got, len - got);
    if (n <= 0) return -1;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  const int tcp = argc > 4 && strcmp(argv[4], "tcp") == 0;
  struct sockaddr_in dns = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  inet_pton(AF_INET, "127.0.0.1", &dns.sin_addr);
  unsigned char q[300], r[512];
  const size_t qlen = build_query(argv[2], q);
  ssize_t rlen;
  if (tcp) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr*)&dns, sizeof dns) != 0) return 3;
    unsigned char framed[302] = {(unsigned char)(qlen >> 8), (unsigned char)qlen};
    memcpy(framed + 2, q, qlen);
    if (write(s, framed, qlen + 2) != (ssize_t)(qlen + 2)) return 3;
    unsigned char lenbuf[2];
    if (read_full(s, lenbuf, 2) != 2) return 3;
    const size_t want = ((size_t)lenbuf[0] << 8) | lenbuf[1];
    if (want > sizeof r || read_full(s, r, want) != (ssize_t)want) return 3;
    rlen = (ssize_t)want;
    close(s);
  } else {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (sendto(s, q, qlen, 0, (struct sockaddr*)&dns, sizeof dns) != (ssize_t)qlen) return 3;
    struct sockaddr_in from;
    socklen_t fromlen = sizeof from;
    rlen = recvfrom(s, r, sizeof r, 0, (struct sockaddr*)&from, &fromlen);
    close(s);
  }
  struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3]))};
  if (first_a(r, rlen, &peer.sin_addr) != 0) return 4;
  int c = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(c, (struct sockaddr*)&peer, sizeof peer) != 0) return 5;
  const char line[] = "hello\n";
  if (write(c, line, sizeof line - 1) != (ssize_t)(sizeof line - 1)) return 6;
  close(c);
  return 0;
}
