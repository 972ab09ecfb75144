// fanotify: fanotify_init's classes and flags, fanotify_mark add/remove/flush with event masks
// on a directory, and the failures (bad flags); no event is read (its record holds a pid).
// Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/fanotify.h>
#include <unistd.h>

int main(void) {
  const int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE);
  fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, ".");
  fanotify_mark(fd, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, ".");
  fanotify_mark(fd, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL);
  fanotify_mark(fd, 0xffff, FAN_OPEN, AT_FDCWD, ".");
  fanotify_init(0xfffff, O_RDONLY);
  close(fd);
  return 0;
}
