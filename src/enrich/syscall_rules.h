// Which syscalls change the enricher's tables, and how: one table, looked up by name once per
// event. Syscalls not in it change nothing (except that any new fd they return replaces a stale
// entry at that number).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace capsule {

enum class Effect : uint8_t {
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

struct SyscallRule {
  Effect effect;
  // AnonFd: the ref /proc shows for the new fd ("anon_inode:[eventfd]"; memfd builds its own).
  std::string_view anon_ref = {};
  // The flag argument that may carry close-on-exec, and that flag's name and value.
  std::string_view flags_arg = {};
  size_t flags_index = 0;
  std::string_view cloexec_symbol = {};
  uint64_t cloexec_bit = 0;
  bool always_cloexec = false;  // pidfd_open, io_uring_setup
  bool fd_output_array = false; // pipe/socketpair: the fds in the array are results, not inputs
};

// The rule for a syscall name, or nullptr when the call changes no table.
const SyscallRule* find_rule(std::string_view syscall);

// Every syscall that has a rule (for --trace, which always records what changes these tables).
void for_each_rule(const std::function<void(std::string_view, const SyscallRule&)>& fn);

}  // namespace capsule
