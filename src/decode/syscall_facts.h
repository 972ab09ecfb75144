// What each stage needs to know about a syscall beyond its signature, declared in the same row of
// the syscall table (syscall_table.def): strace's class, how the call changes the enricher's process
// and fd tables, which action it is, whether it creates a file or changes who the process is.
// Every stage derives its own view (a lookup by name or number) from these rows at start-up; no
// stage keeps its own list of syscall names.
#pragma once

#include <cstdint>
#include <string_view>

namespace capsule {

// strace's classes (strace -e trace=%network…). %file and %desc are not declared here: they follow
// from the signature (a path argument; an fd argument or result), so that a row joins them by itself.
enum SyscallClass : uint8_t {
  kClassNone = 0,
  kClassNetwork = 1u << 0,
  kClassProcess = 1u << 1,
  kClassMemory = 1u << 2,
  kClassSignal = 1u << 3,
  kClassIpc = 1u << 4,
  kClassCreds = 1u << 5,
};

// How a call changes the enricher's tables (enrich/fd_effects.cpp, enrich/process_effects.cpp).
enum class Effect : uint8_t {
  None,
  // fd table
  Open,         // open/openat/openat2/creat: a path fd
  Socket,
  SocketPair,
  Accept,
  Connect,
  Bind,
  Dup,          // dup/dup2/dup3
  Fcntl,
  Pipe,         // pipe/pipe2
  AnonFd,       // eventfd, epoll_create, signalfd, timerfd, inotify, pidfd, memfd …
  Close,
  CloseRange,
  ReceiveFds,   // recvmsg/recvmmsg: the fds SCM_RIGHTS brought (decode/received_fds.h)
  Getdents,     // proves the fd is a directory
  // process table
  Fork,         // fork/vfork/clone/clone3
  Exec,         // execve/execveat
  Chdir,
  Fchdir,
  SetUid, SetReUid, SetResUid, SetFsUid,
  SetGid, SetReGid, SetResGid, SetFsGid,
  SetGroups,
  Capset,
  Prctl,        // PR_SET_KEEPCAPS / PR_SET_SECUREBITS / PR_SET_NO_NEW_PRIVS
  Unshare,
  Setns,
};

// Effects on the fd table (the others change the process table).
constexpr bool is_fd_effect(Effect e) { return e >= Effect::Open && e <= Effect::Getdents; }

// Where a new fd's close-on-exec bit comes from.
struct CloexecSpec {
  int8_t arg = -1;      // the argument holding the flag (-1: none, or see `always`)
  uint64_t bit = 0;     // the flag's value there (O_CLOEXEC, SOCK_CLOEXEC, MFD_CLOEXEC…)
  bool always = false;  // the fd is always close-on-exec (pidfd_open, io_uring_setup)
};

// The kind of an action in actions.jsonl (aggregate/action.h names and renders them).
enum class ActionKind : uint8_t {
  Read, Write, Open, Close, Stat, Chmod, Chown, List,
  Connect, Bind, Listen, Accept, Send, Receive,
  Spawn, Exec, Exit, Map, Unmap,
  // What a security review looks for first.
  Delete, Rename, Link, Mkdir,
  Privilege,  // uid/gid/groups/capabilities change
  Namespace,  // unshare, setns, mount, chroot
  Signal,     // a signal sent to another process, or one delivered to this one
  Ptrace,     // ptrace and cross-process memory access
  Denied,     // a call a --policy refused (ev.denied), whatever it was
  Other,
};

// How to find an action's target (aggregate/action_classify.cpp reads the argument positions).
enum class TargetRule : uint8_t {
  Name,        // the syscall's name: consecutive calls of the same syscall merge
  Fd,          // the path (or socket description) of the fd in argument a
  MapFd,       // like Fd, but fd -1 is "anonymous" (mmap)
  Path,        // the path in argument a, relative to the dirfd in argument b (-1: none)
  PathPair,    // "old -> new": path a relative to dirfd b, path c relative to dirfd d
  OpenResult,  // the returned fd's path; the path argument (a, dirfd b) when the call failed
  SockPeer,    // the socket address in argument b ("127.0.0.1:80"), else the fd in argument a
  ChildPid,    // "pid N": the new process (the return value)
  SignalDest,  // "pid N SIGTERM": destination pid in argument a, signal in argument b
  Call,        // the call as strace shows it: "setresuid(0, 0, 0)" (never-merged kinds only)
};

struct ActionSpec {
  ActionKind kind = ActionKind::Other;
  TargetRule target = TargetRule::Name;
  int8_t a = -1, b = -1, c = -1, d = -1;  // argument positions, meaning per TargetRule
};

// What a call does to the file its path argument names, for rules ("access has write").
enum class PathAccess : uint8_t {
  None,
  ByOpenFlags,  // open/openat/openat2: read, write or both, as the flags say
  Write,        // creat, truncate, rename, link, mknod, mkdir…: always a write
  Exec,         // execve/execveat
};

struct SyscallFacts {
  uint8_t classes = kClassNone;  // SyscallClass bits
  Effect effect = Effect::None;
  std::string_view anon_ref = {};  // AnonFd: the ref /proc shows ("anon_inode:[eventfd]")
  CloexecSpec cloexec = {};
  bool fd_output_array = false;  // pipe/socketpair: the fds in the array are results, not inputs
                                 // (recvmsg/recvmmsg: in the messages, the fds received)
  ActionSpec action = {};
  PathAccess access = PathAccess::None;
  bool creates = false;   // can create a directory entry (detect: files this run made)
  bool identity = false;  // can change who the process is (uids, gids, groups, capabilities, exec)
  // The native tracer decides on this call at its entry (docs/SECURITY.md): a call that can act on
  // a process outside the traced tree (ptrace, signals, cross-process memory, pidfd_getfd), one that
  // can hide later calls (seccomp), io_uring_setup. It must always stop the program, so --trace
  // always records it.
  bool guarded = false;
};

}  // namespace capsule
