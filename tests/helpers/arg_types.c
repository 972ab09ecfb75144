// One call (or two: a named value and zero) per decoded argument type, with arguments that are the
// same from run to run, for the parity test: the native tracer and `capsule import` of strace's
// log of the same program must write the same events. Memory the calls read or fill lives at a
// fixed address, so that pointers print alike; fds are fixed by the order of the calls; failing
// calls fail the same way every time (missing paths, impossible pids).
//
// Usage: arg_types DIR (an empty directory it works in and leaves empty). The calls to compare
// follow the marker write(-1, "arg-types-begin", 15). Exits 0, or 2 when DIR is unusable.
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NO_PID 0x7ffffff0  // no process has this pid: kill and friends fail with ESRCH
#define MISSING "/nonexistent-capsule-arg-types"

static void files(void) {
  // DirFd Path OpenFlags OpenMode
  const int fd = openat(AT_FDCWD, "f.tmp", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  write(fd, "abc", 3);                                                                     // Fd BufIn
  lseek(fd, 1, SEEK_SET);                                                                  // Whence
  lseek(fd, 0, SEEK_END);
  fchmod(fd, 0600);  // Mode
  umask(022);
  mkdirat(AT_FDCWD, "sub", 0750);
  const int dfd = open("sub", O_RDONLY | O_DIRECTORY);
  access("f.tmp", R_OK | W_OK);                                      // AccessMode
  syscall(SYS_faccessat2, AT_FDCWD, "f.tmp", F_OK, AT_EACCESS);      // AccessAtFlags
  fchownat(AT_FDCWD, "f.tmp", -1, -1, AT_SYMLINK_NOFOLLOW);          // AtFlags
  linkat(AT_FDCWD, "f.tmp", dfd, "link", 0);                         // AtFlags zero
  renameat2(dfd, "link", dfd, "moved", RENAME_NOREPLACE);            // RenameFlags
  unlinkat(dfd, "moved", 0);
  unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR);
  // StatxFlags StatxMask
  statx(AT_FDCWD, "missing", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, (struct statx*)0x200000000UL);
  unlink("f.tmp");
  close(dfd);
  close(fd);
}

static void descriptors(void) {
  int p[2];
  pipe2(p, O_CLOEXEC | O_NONBLOCK);  // FdPair OFlags
  dup3(p[0], 20, O_CLOEXEC);
  fcntl(20, F_GETFD);  // FcntlCmd FcntlArg
  fcntl(20, F_SETFL, O_NONBLOCK);
  fcntl(20, F_DUPFD_CLOEXEC, 30);
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);  // EpollOp
  const int ev = eventfd(0, EFD_NONBLOCK);
  const int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);  // ClockId
  const int mfd = memfd_create("named", MFD_CLOEXEC | MFD_ALLOW_SEALING);  // MfdFlags
  const int mfd0 = memfd_create("zero", 0);
  const int opened[] = {p[0], p[1], 20, 30, ep, ev, tfd, mfd, mfd0};
  for (size_t i = 0; i < sizeof opened / sizeof opened[0]; ++i) close(opened[i]);
}

static void sockets(char* mem) {
  const int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);  // SockDomain SockType
  const int t = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, mem, 4);             // SockLevel
  sendto(sv[0], "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);  // MsgFlags
  recvfrom(sv[1], mem, 1, MSG_PEEK, NULL, NULL);
  shutdown(sv[0], SHUT_WR);                // ShutdownHow
  accept4(u, NULL, NULL, SOCK_CLOEXEC);    // SockFlags (EINVAL: not listening)
  close(sv[1]);
  close(sv[0]);
  close(t);
  close(u);
}

// SIGSEGV on a page of its own at a fixed address, made writable by the handler, which then
// returns: a signal record and rt_sigreturn's frame, the same in every run (no pid in them).
static char* const kGuardPage = (char*)0x300000000UL;
static void unguard(int sig) {
  (void)sig;
  mprotect(kGuardPage, 4096, PROT_READ | PROT_WRITE);
}

static void signals(void) {
  *(volatile char*)kGuardPage = 1;  // the siginfo; SigFrame
  int p[2];
  if (pipe(p) == 0 && write(p[1], "x", 1) == 1) {
    struct pollfd fds[2] = {{.fd = p[0], .events = POLLIN}, {.fd = -1}};
    poll(fds, 2, 0);  // PollFds
    close(p[0]);
    close(p[1]);
  }
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigaddset(&s, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &s, NULL);  // SigHow SigSetIn
  sigprocmask(SIG_UNBLOCK, &s, NULL);
  kill(NO_PID, SIGCONT);  // Signal
  kill(NO_PID, 0);
  syscall(SYS_tgkill, NO_PID, NO_PID, SIGUSR2);
}

static void signal_stack(char* mem) {
  // SigStackIn SigStackOut: on the fixed mapping, so the same in every run.
  stack_t ss = {.ss_sp = mem, .ss_flags = 0, .ss_size = 8192};
  stack_t old;
  sigaltstack(&ss, &old);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
}

static void process(char* mem) {
  syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, mem);  // Rlimit RlimitOut
  syscall(SYS_getrlimit, RLIMIT_NOFILE, mem);
  wait4(-1, NULL, WNOHANG, NULL);  // WaitOptions (ECHILD)
  prctl(PR_GET_DUMPABLE);          // PrctlOption
  prctl(PR_SET_NAME, "arg-types");  // PrctlArg2
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  syscall(SYS_arch_prctl, 0x1011 /* ARCH_GET_CPUID */, 0);  // ArchPrctl
  syscall(SYS_ptrace, PTRACE_TRACEME, 0, NULL, NULL);      // PtraceRequest (EPERM: traced)
  const uint32_t action = SECCOMP_RET_LOG;
  memcpy(mem, &action, sizeof action);
  syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, mem);  // SeccompOp SeccompFlags
  syscall(SYS_futex, mem, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);  // FutexOp
  // FutexTimeout FutexVal3: a timeout (memory holds 0, not 1: EAGAIN), a bitset, val2 and uaddr2.
  memset(mem, 0, 8);
  const struct timespec no_wait = {0, 1000};
  syscall(SYS_futex, mem, FUTEX_WAIT_PRIVATE, 1, &no_wait, NULL, 0);
  syscall(SYS_futex, mem, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
  syscall(SYS_futex, mem, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x5);
  syscall(SYS_futex, mem, FUTEX_CMP_REQUEUE_PRIVATE, 1, 7, mem + 4, 3);
  syscall(SYS_futex, mem, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  unshare(0);                                                     // NsFlags
  setns(-1, CLONE_NEWNET);
  mount("none", MISSING, "tmpfs", MS_RDONLY | MS_NOSUID, NULL);  // MountFlags
  umount2(MISSING, MNT_DETACH);                                  // UmountFlags
  syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, NULL, 0);             // BpfCmd
}

static void memory(char* mem) {
  mprotect(mem + 4096, 4096, PROT_READ);  // MmapProt
  madvise(mem, 4096, MADV_DONTNEED);      // MadvAdvice
  mremap(mem + 4096, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, (void*)0x200100000UL);  // MremapFlags
  getrandom(mem, 0, GRND_NONBLOCK);  // GrndFlags
  getrandom(mem, 0, 0);
  syscall(SYS_clock_getres, CLOCK_MONOTONIC, mem);  // ClockId
  const struct timespec nap = {0, 1000};
  syscall(SYS_nanosleep, &nap, NULL);  // Timespec
}

static void directories(char* mem) {
  // Dirent64Out DirentOut: a small buffer over "/", whose first entries no test changes.
  const int fd = open("/", O_RDONLY | O_DIRECTORY);
  syscall(SYS_getdents64, fd, mem, 128);
  syscall(SYS_getdents, fd, mem, 128);
  close(fd);
}

int main(int argc, char** argv) {
  if (argc != 2 || chdir(argv[1]) != 0) return 2;
  // Before the marker: the handler's address differs from run to run.
  mmap(kGuardPage, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  signal(SIGSEGV, unguard);
  write(-1, "arg-types-begin", 15);
  char* mem = mmap((void*)0x200000000UL, 8192, PROT_READ | PROT_WRITE,  // MmapProt MmapFlags
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (mem != (char*)0x200000000UL) return 2;
  files();
  descriptors();
  sockets(mem);
  signals();
  signal_stack(mem);
  process(mem);
  memory(mem);
  directories(mem);
  return 0;
}
