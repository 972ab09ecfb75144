// The floor for any ptrace tracer: follows every process and thread and stops at every syscall
// entry and exit, but does nothing per stop. The benchmark compares capsule against it.
//
// With --reads it does the least a full-fidelity tracer cannot skip: at every stop it fetches the
// syscall's registers (PTRACE_GET_SYSCALL_INFO: the arguments at the entry, the result at the
// exit), and it reads the data buffer of read/write (after read returns, before write runs) with
// one process_vm_readv. No decoding, no output: the kernel's share of capsule's work.
// Usage: ptrace_floor [--reads] PROGRAM [ARGS...]
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

// What --reads does at one syscall stop. Threads are not told apart: the buffer address of a
// read is taken from the entry of the same thread's last call, which is right for serial
// programs and good enough for a cost floor.
static void read_what_a_tracer_needs(pid_t tid) {
  static uint64_t read_buf, read_len;
  struct __ptrace_syscall_info info;
  if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void*)sizeof info, &info) <= 0) return;
  char data[4096];
  struct iovec local = {data, 0}, remote = {NULL, 0};
  if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
    read_buf = read_len = 0;
    if (info.entry.nr == SYS_write) {
      remote.iov_base = (void*)(uintptr_t)info.entry.args[1];
      remote.iov_len = info.entry.args[2];
    } else if (info.entry.nr == SYS_read) {
      read_buf = info.entry.args[1];
      read_len = info.entry.args[2];
    }
  } else if (info.op == PTRACE_SYSCALL_INFO_EXIT && read_buf != 0 && info.exit.rval > 0) {
    remote.iov_base = (void*)(uintptr_t)read_buf;
    remote.iov_len = (size_t)info.exit.rval < read_len ? (size_t)info.exit.rval : read_len;
  }
  if (remote.iov_len == 0) return;
  if (remote.iov_len > sizeof data) remote.iov_len = sizeof data;
  local.iov_len = remote.iov_len;
  process_vm_readv(tid, &local, 1, &remote, 1, 0);
}

int main(int argc, char** argv) {
  int reads = 0;
  if (argc > 1 && strcmp(argv[1], "--reads") == 0) {
    reads = 1;
    ++argv;
    --argc;
  }
  if (argc < 2) {
    fprintf(stderr, "usage: ptrace_floor [--reads] PROGRAM [ARGS...]\n");
    return 2;
  }
  pid_t child = fork();
  if (child == 0) {
    raise(SIGSTOP);
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int status;
  waitpid(child, &status, WSTOPPED);
  long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
              PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
  if (ptrace(PTRACE_SEIZE, child, 0, opts) != 0) return 125;
  kill(child, SIGCONT);
  int code = 0, live = 1;
  while (live > 0) {
    pid_t tid = waitpid(-1, &status, __WALL);
    if (tid < 0) break;
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (tid == child) code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      --live;
      continue;
    }
    int sig = WSTOPSIG(status), event = status >> 16;
    if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE) ++live;
    if (reads && sig == (SIGTRAP | 0x80)) read_what_a_tracer_needs(tid);
    int inject = 0;
    if (sig != (SIGTRAP | 0x80) && event == 0) inject = sig;  // a signal for the tracee
    if (event == PTRACE_EVENT_STOP && (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)) {
      ptrace(PTRACE_LISTEN, tid, 0, 0);
      continue;
    }
    ptrace(PTRACE_SYSCALL, tid, 0, (void*)(long)inject);
  }
  return code;
}
