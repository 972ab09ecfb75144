// Tries to act on processes outside the traced tree: capsule (its parent) and capsule's threads,
// and, as a control, on a child of its own, which must keep working. Under capsule every outside
// attempt fails with EPERM (docs/SECURITY.md). One line per attempt: "<what> <ret> <errno-name>"
// ("0" for no error). With the argument "allowed" it only sends SIGCONT (harmless) to its parent,
// for --allow-outside-tree; with "hang" it tries to seize and stop its parent, then waits forever
// (what froze capsule before: --timeout and SIGTERM must still end it).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char* what, long r) {
  printf("%s %ld %s\n", what, r < 0 ? -1L : (r > 0 ? 1L : 0L), r < 0 ? strerrorname_np(errno) : "0");
}

// PTRACE_SEIZE on every thread of pid: how many were refused with EPERM.
static int seize_threads(pid_t pid, int* total) {
  char dir[64];
  snprintf(dir, sizeof dir, "/proc/%d/task", pid);
  DIR* d = opendir(dir);
  int refused = 0;
  *total = 0;
  if (d == NULL) return 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    ++*total;
    if (ptrace(PTRACE_SEIZE, atoi(e->d_name), NULL, NULL) < 0 && errno == EPERM) ++refused;
  }
  closedir(d);
  return refused;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const pid_t parent = getppid();
  if (argc > 1 && strcmp(argv[1], "allowed") == 0) {
    report("kill_parent_cont", kill(parent, SIGCONT));
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "hang") == 0) {
    report("ptrace_seize_parent", ptrace(PTRACE_SEIZE, parent, NULL, NULL));
    report("kill_parent_stop", kill(parent, SIGSTOP));
    for (;;) pause();
  }
  char buf[16];
  struct iovec local = {buf, sizeof buf};
  struct iovec remote = {&local, sizeof buf};  // an address: the call is refused before it matters

  report("ptrace_seize_parent", ptrace(PTRACE_SEIZE, parent, NULL, NULL));
  report("ptrace_attach_parent", ptrace(PTRACE_ATTACH, parent, NULL, NULL));
  int total = 0;
  const int refused = seize_threads(parent, &total);
  printf("seize_threads %s\n", refused == total && total > 1 ? "all-refused" : "NOT-ALL-REFUSED");
  report("kill_parent_stop", kill(parent, SIGSTOP));
  report("tgkill_parent_tstp", syscall(SYS_tgkill, parent, parent, SIGTSTP));
  report("tkill_parent_stop", syscall(SYS_tkill, parent, SIGSTOP));
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_code = SI_QUEUE;
  report("sigqueue_parent", syscall(SYS_rt_sigqueueinfo, parent, SIGSTOP, &si));
  report("kill_group", kill(0, SIGCONT));
  report("kill_everyone", kill(-1, SIGCONT));
  report("vm_writev_parent", process_vm_writev(parent, &local, 1, &remote, 1, 0));
  report("vm_readv_parent", process_vm_readv(parent, &local, 1, &remote, 1, 0));
  char mem[64];
  snprintf(mem, sizeof mem, "/proc/%d/mem", parent);
  report("open_parent_mem", open(mem, O_RDWR));
  char proc_dir[64];
  snprintf(proc_dir, sizeof proc_dir, "/proc/%d", parent);
  const int dirfd = open(proc_dir, O_RDONLY | O_DIRECTORY);
  report("openat_parent_mem", openat(dirfd, "mem", O_WRONLY));
  const int pidfd = (int)syscall(SYS_pidfd_open, parent, 0);
  report("pidfd_getfd_parent", syscall(SYS_pidfd_getfd, pidfd, 0, 0));
  report("pidfd_signal_parent", syscall(SYS_pidfd_send_signal, pidfd, SIGSTOP, NULL, 0));
  report("pidfd_signal_dirfd", syscall(SYS_pidfd_send_signal, dirfd, SIGSTOP, NULL, 0));
  report("kill_parent_probe", kill(parent, 0));  // signal 0 only asks whether it exists

  // Inside the tree nothing changes.
  const pid_t child = fork();
  if (child == 0) {
    pause();
    _exit(0);
  }
  report("vm_readv_child", process_vm_readv(child, &local, 1, &remote, 1, 0) < 0 ? -1 : 0);
  report("open_own_mem", open("/proc/self/mem", O_RDWR));
  report("kill_child", kill(child, SIGTERM));
  int status = 0;
  waitpid(child, &status, 0);
  printf("child_signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return 0;
}
