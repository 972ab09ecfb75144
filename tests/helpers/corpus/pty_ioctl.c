// ioctl on a pseudo-terminal: TIOCGPTN and TIOCSPTLCK on the master, TCGETS and TCSETS (the
// termios struct), TIOCGWINSZ/TIOCSWINSZ, FIONREAD, TCFLSH, TIOCOUTQ, an ioctl a pty does not
// know (ENOTTY) and one on a file. The pty's number is replaced by the comparison. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(void) {
  const int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0) return 1;
  int n = 0, unlock = 0;
  ioctl(m, TIOCSPTLCK, &unlock);
  ioctl(m, TIOCGPTN, &n);
  char path[32];
  snprintf(path, sizeof path, "/dev/pts/%d", n);
  const int s = open(path, O_RDWR | O_NOCTTY);
  struct termios t;
  ioctl(s, TCGETS, &t);
  cfmakeraw(&t);
  ioctl(s, TCSETS, &t);
  ioctl(s, TCSETSW, &t);
  struct winsize ws = {24, 80, 0, 0};
  ioctl(m, TIOCSWINSZ, &ws);
  ioctl(s, TIOCGWINSZ, &ws);
  write(m, "typed", 5);
  int avail = 0;
  ioctl(s, FIONREAD, &avail);
  ioctl(s, TCFLSH, TCIFLUSH);
  ioctl(m, TIOCOUTQ, &avail);
  ioctl(s, 0x54ff, 0);
  ioctl(0, TCGETS, &t);
  close(s);
  close(m);
  return 0;
}
