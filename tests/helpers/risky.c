/* Does one thing a detection rule looks for, chosen by argv[1], and nothing else of note.
 * Everything stays on this machine: socketpairs, a child of our own, failing kernel calls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static int reverse_shell(void) {
  /* A socket onto stdin, stdout, stderr, then a shell: the shape of a reverse shell. */
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;
  for (int fd = 0; fd <= 2; ++fd) dup2(sv[0], fd);
  execl("/bin/sh", "sh", "-c", "true", (char*)NULL);
  return 1;
}

static int memfd_exec(void) {
  int mem = memfd_create("payload", MFD_CLOEXEC);
  int src = open("/bin/true", O_RDONLY | O_CLOEXEC);
  if (mem < 0 || src < 0) return 1;
  char buf[65536];
  ssize_t n;
  while ((n = read(src, buf, sizeof buf)) > 0) {
    if (write(mem, buf, (size_t)n) != n) return 1;
  }
  char* argv[] = {"true", NULL};
  fexecve(mem, argv, environ);
  return 1;
}

static int priv_regain(void) {
  /* Root lowers its effective uid, then takes it back through the saved uid. */
  if (setresuid((uid_t)-1, 65534, (uid_t)-1) != 0) return 1;
  if (setresuid((uid_t)-1, 0, (uid_t)-1) != 0) return 1;
  return 0;
}

static int vm_write(void) {
  int ready[2];
  if (pipe(ready) != 0) return 1;
  static char target[16] = "before";
  pid_t child = fork();
  if (child == 0) {
    char c;
    (void)read(ready[0], &c, 1);
    _exit(0);
  }
  char data[] = "after";
  struct iovec local = {data, sizeof data};
  struct iovec remote = {target, sizeof data};
  long r = syscall(SYS_process_vm_writev, child, &local, 1UL, &remote, 1UL, 0UL);
  (void)r;
  (void)write(ready[1], "x", 1);
  waitpid(child, NULL, 0);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* what = argv[1];
  if (strcmp(what, "reverse-shell") == 0) return reverse_shell();
  if (strcmp(what, "memfd-exec") == 0) return memfd_exec();
  if (strcmp(what, "priv-regain") == 0) return priv_regain();
  if (strcmp(what, "self-delete") == 0) return unlink(argv[0]) == 0 ? 0 : 1;
  if (strcmp(what, "vm-write") == 0) return vm_write();
  if (strcmp(what, "bpf") == 0) return syscall(SYS_bpf, 0xffff, NULL, 0) < 0 ? 0 : 1;
  if (strcmp(what, "unshare") == 0) return unshare(CLONE_NEWUTS) == 0 ? 0 : 1;
  if (strcmp(what, "module") == 0) return syscall(SYS_finit_module, -1, "", 0) < 0 ? 0 : 1;
  if (strcmp(what, "kernel-setting") == 0) {
    /* Opening for write is the finding; the file does not exist, so nothing changes. */
    return open("/proc/sys/kernel/capsule_no_such_setting", O_WRONLY) < 0 ? 0 : 1;
  }
  if (strcmp(what, "runtime-socket") == 0) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un_like { unsigned short family; char path[108]; } addr = {AF_UNIX, "/nonexistent/capsule/docker.sock"};
    return connect(s, (struct sockaddr*)&addr, sizeof addr) < 0 ? 0 : 1;
  }
  return 2;
}
