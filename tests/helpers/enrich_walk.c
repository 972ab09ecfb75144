// Makes, in order, the calls whose context enriched.jsonl must follow (tests/integration/
// enrich_test.cpp): chdir, open a file there (relative path), dup it, close the original, write
// through the dup, fork a child that makes one call and exits at once, execve a copy of itself
// by a relative path with other arguments; the new program, as root, drops to uid/gid 65534
// (setgroups, setgid, setuid) and then opens a path no other call names.
//
//   enrich_walk DIR NAME   stage 1; NAME is the copy of this program in DIR to execve
//   ./NAME --stage2        stage 2 (run by stage 1)
//
// Prints the facts the test checks: "fd F dup D child C" (stage 1), "dropped UID EUID" (stage 2).
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int stage2(void) {
  if (getuid() == 0) {
    const gid_t nobody = 65534;
    if (setgroups(1, &nobody) != 0 || setgid(65534) != 0 || setuid(65534) != 0) return 3;
  }
  // The recognisable call after the drop: fails (ENOENT), which does not matter.
  const int fd = open("/enrich-walk-after-drop", O_RDONLY);
  if (fd >= 0) close(fd);
  printf("dropped %u %u\n", (unsigned)getuid(), (unsigned)geteuid());
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "--stage2") == 0) return stage2();
  if (argc != 3) {
    fprintf(stderr, "usage: enrich_walk DIR NAME\n");
    return 2;
  }
  if (chdir(argv[1]) != 0) return 3;
  const int fd = open("walk.txt", O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 3;
  const int copy = dup(fd);
  if (copy < 0 || close(fd) != 0) return 3;
  if (write(copy, "walked\n", 7) != 7) return 3;
  const pid_t child = fork();
  if (child < 0) return 3;
  if (child == 0) {
    syscall(SYS_getppid);  // its one call; then gone, well within a millisecond
    _exit(0);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) return 3;
  printf("fd %d dup %d child %d\n", fd, copy, (int)child);
  fflush(stdout);
  char path[4096];
  snprintf(path, sizeof path, "./%s", argv[2]);
  execl(path, path, "--stage2", (char*)NULL);
  return 4;
}
