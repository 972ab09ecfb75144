// Names in a directory: mkdir, link, symlink, readlink, rename (renameat2's flags), mknod of a
// fifo, unlink and rmdir, chdir/fchdir and getcwd. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  mkdir("d", 0755);
  mkdirat(AT_FDCWD, "d/e", 0700);
  mkdir("d", 0755);
  close(open("d/f", O_WRONLY | O_CREAT, 0600));
  link("d/f", "hard");
  linkat(AT_FDCWD, "d/f", AT_FDCWD, "hard2", AT_SYMLINK_FOLLOW);
  symlink("d/f", "soft");
  symlinkat("../hard", AT_FDCWD, "d/soft2");
  char buf[64];
  readlink("soft", buf, sizeof buf);
  readlinkat(AT_FDCWD, "d/soft2", buf, 3);
  readlink("hard", buf, sizeof buf);
  rename("hard2", "hard3");
  renameat(AT_FDCWD, "hard3", AT_FDCWD, "d/hard3");
  renameat2(AT_FDCWD, "hard", AT_FDCWD, "soft", RENAME_NOREPLACE);
  renameat2(AT_FDCWD, "hard", AT_FDCWD, "soft", RENAME_EXCHANGE);
  mknod("fifo", S_IFIFO | 0600, 0);
  mknodat(AT_FDCWD, "d/fifo", S_IFIFO | 0644, 0);
  const int d = open("d", O_RDONLY | O_DIRECTORY);
  fchdir(d);
  getcwd(buf, sizeof buf);
  chdir("..");
  unlink("fifo");
  unlinkat(d, "e", AT_REMOVEDIR);
  unlinkat(AT_FDCWD, "d", AT_REMOVEDIR);
  rmdir("nope");
  close(d);
  return 0;
}
