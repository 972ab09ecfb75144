// inotify: inotify_init and inotify_init1's flags, watches with event masks, the events of a
// file created and written (binary records), inotify_rm_watch, an empty read. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const int old = (int)syscall(SYS_inotify_init);
  const int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  const int wd = inotify_add_watch(in, ".", IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_ONLYDIR);
  inotify_add_watch(in, "missing", IN_ALL_EVENTS);
  inotify_add_watch(old, "/", IN_ACCESS | IN_MASK_ADD);
  const int fd = open("watched", O_WRONLY | O_CREAT, 0600);
  write(fd, "x", 1);
  close(fd);
  char buf[4096];
  read(in, buf, sizeof buf);
  read(in, buf, sizeof buf);
  inotify_rm_watch(in, wd);
  inotify_rm_watch(in, 77);
  close(in);
  close(old);
  return 0;
}
