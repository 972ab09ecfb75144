// ioctl requests strace names, each failing on /dev/null (not a terminal) so that strace shows
// the argument as the pointer it is: TCGETS, TIOCGWINSZ, TIOCGPGRP (TCSETSW shares
// its number with SNDCTL_TMR_STOP, which strace then writes both of). Exits 0.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(void) {
  const int fd = open("/dev/null", O_RDWR);
  if (fd < 0) return 1;
  struct termios t;
  struct winsize w;
  pid_t group;
  ioctl(fd, TCGETS, &t);
  ioctl(fd, TIOCGWINSZ, &w);
  ioctl(fd, TIOCGPGRP, &group);
  close(fd);
  return 0;
}
