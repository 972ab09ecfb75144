// Extended attributes: set (XATTR_CREATE, XATTR_REPLACE), get (size query and value), list,
// remove, on a path, a symlink and an fd, and their failures (ENODATA, EEXIST). Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

int main(void) {
  const int fd = open("x", O_RDWR | O_CREAT | O_TRUNC, 0600);
  symlink("x", "xl");
  setxattr("x", "user.one", "value\0bin", 9, XATTR_CREATE);
  setxattr("x", "user.one", "v", 1, XATTR_CREATE);
  fsetxattr(fd, "user.two", "2", 1, 0);
  lsetxattr("xl", "user.three", "3", 1, 0);
  setxattr("x", "user.none", "n", 1, XATTR_REPLACE);
  char buf[128];
  getxattr("x", "user.one", NULL, 0);
  getxattr("x", "user.one", buf, sizeof buf);
  lgetxattr("xl", "user.one", buf, sizeof buf);
  fgetxattr(fd, "user.missing", buf, sizeof buf);
  listxattr("x", buf, sizeof buf);
  llistxattr("xl", buf, sizeof buf);
  flistxattr(fd, NULL, 0);
  removexattr("x", "user.one");
  fremovexattr(fd, "user.two");
  lremovexattr("xl", "user.two");
  close(fd);
  return 0;
}
