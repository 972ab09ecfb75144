// Random bytes: getrandom's flags (its bytes are replaced by the comparison), a read of
// /dev/urandom (the same), and getrandom's failure on a bad flag. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

int main(void) {
  unsigned char buf[16];
  getrandom(buf, sizeof buf, 0);
  getrandom(buf, 8, GRND_NONBLOCK);
  getrandom(buf, 4, GRND_INSECURE);
  getrandom(buf, 4, 0x40);
  const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  read(fd, buf, sizeof buf);
  close(fd);
  return 0;
}
