// The syscall → action table. Positions (a, b, c, d) are argument indexes in the signature table
// (src/decode/signatures.def); i386 names (…64, …32, mmap2) share their x86_64 twin's layout.
#include "aggregate/action_table.h"

#include <unordered_map>

namespace capsule {
namespace {

using K = ActionKind;
using T = TargetRule;

constexpr ActionRule kRules[] = {
    // ---- data in and out of files, pipes and sockets ----
    {"read", K::Read, T::Fd, 0},
    {"pread64", K::Read, T::Fd, 0},
    {"readv", K::Read, T::Fd, 0},
    {"preadv", K::Read, T::Fd, 0},
    {"preadv2", K::Read, T::Fd, 0},
    {"write", K::Write, T::Fd, 0},
    {"pwrite64", K::Write, T::Fd, 0},
    {"writev", K::Write, T::Fd, 0},
    {"pwritev", K::Write, T::Fd, 0},
    {"pwritev2", K::Write, T::Fd, 0},
    {"sendfile", K::Write, T::Fd, 0},          // out_fd: where the bytes land
    {"splice", K::Write, T::Fd, 2},            // fd_out
    {"copy_file_range", K::Write, T::Fd, 2},   // fd_out
    {"truncate", K::Write, T::Path, 0},
    {"ftruncate", K::Write, T::Fd, 0},
    {"fallocate", K::Write, T::Fd, 0},
    // ---- opening and closing ----
    {"open", K::Open, T::OpenResult, 0},
    {"openat", K::Open, T::OpenResult, 1, 0},
    {"openat2", K::Open, T::OpenResult, 1, 0},
    {"creat", K::Open, T::OpenResult, 0},
    {"close", K::Close, T::Fd, 0},
    {"close_range", K::Close, T::Name},
    // ---- metadata ----
    {"stat", K::Stat, T::Path, 0},
    {"lstat", K::Stat, T::Path, 0},
    {"stat64", K::Stat, T::Path, 0},
    {"lstat64", K::Stat, T::Path, 0},
    {"fstat", K::Stat, T::Fd, 0},
    {"fstat64", K::Stat, T::Fd, 0},
    {"newfstatat", K::Stat, T::Path, 1, 0},
    {"fstatat64", K::Stat, T::Path, 1, 0},
    {"statx", K::Stat, T::Path, 1, 0},
    {"statfs", K::Stat, T::Path, 0},
    {"fstatfs", K::Stat, T::Fd, 0},
    {"access", K::Stat, T::Path, 0},
    {"faccessat", K::Stat, T::Path, 1, 0},
    {"faccessat2", K::Stat, T::Path, 1, 0},
    {"readlink", K::Stat, T::Path, 0},
    {"readlinkat", K::Stat, T::Path, 1, 0},
    {"chmod", K::Chmod, T::Path, 0},
    {"fchmod", K::Chmod, T::Fd, 0},
    {"fchmodat", K::Chmod, T::Path, 1, 0},
    {"fchmodat2", K::Chmod, T::Path, 1, 0},
    {"chown", K::Chown, T::Path, 0},
    {"lchown", K::Chown, T::Path, 0},
    {"fchown", K::Chown, T::Fd, 0},
    {"chown32", K::Chown, T::Path, 0},
    {"lchown32", K::Chown, T::Path, 0},
    {"fchown32", K::Chown, T::Fd, 0},
    {"fchownat", K::Chown, T::Path, 1, 0},
    {"getdents", K::List, T::Fd, 0},
    {"getdents64", K::List, T::Fd, 0},
    // ---- changes to the directory tree ----
    {"unlink", K::Delete, T::Path, 0},
    {"unlinkat", K::Delete, T::Path, 1, 0},
    {"rmdir", K::Delete, T::Path, 0},
    {"rename", K::Rename, T::PathPair, 0, -1, 1, -1},
    {"renameat", K::Rename, T::PathPair, 1, 0, 3, 2},
    {"renameat2", K::Rename, T::PathPair, 1, 0, 3, 2},
    {"link", K::Link, T::PathPair, 0, -1, 1, -1},
    {"linkat", K::Link, T::PathPair, 1, 0, 3, 2},
    {"symlink", K::Link, T::PathPair, 0, -1, 1, -1},
    {"symlinkat", K::Link, T::PathPair, 0, -1, 2, 1},
    {"mkdir", K::Mkdir, T::Path, 0},
    {"mkdirat", K::Mkdir, T::Path, 1, 0},
    {"mknod", K::Mkdir, T::Path, 0},
    {"mknodat", K::Mkdir, T::Path, 1, 0},
    // ---- network ----
    {"connect", K::Connect, T::SockPeer, 0, 1},
    {"bind", K::Bind, T::SockPeer, 0, 1},
    {"listen", K::Listen, T::Fd, 0},
    {"accept", K::Accept, T::Fd, 0},
    {"accept4", K::Accept, T::Fd, 0},
    {"sendto", K::Send, T::SockPeer, 0, 4},
    {"sendmsg", K::Send, T::Fd, 0},
    {"sendmmsg", K::Send, T::Fd, 0},
    // The source address of each datagram is not the key: it would split a stream of packets.
    {"recvfrom", K::Receive, T::Fd, 0},
    {"recvmsg", K::Receive, T::Fd, 0},
    {"recvmmsg", K::Receive, T::Fd, 0},
    // ---- processes ----
    {"fork", K::Spawn, T::ChildPid},
    {"vfork", K::Spawn, T::ChildPid},
    {"clone", K::Spawn, T::ChildPid},
    {"clone3", K::Spawn, T::ChildPid},
    {"execve", K::Exec, T::Path, 0},
    {"execveat", K::Exec, T::Path, 1, 0},
    {"exit", K::Exit, T::Call},
    {"exit_group", K::Exit, T::Call},
    {"kill", K::Signal, T::SignalDest, 0, 1},
    {"tkill", K::Signal, T::SignalDest, 0, 1},
    {"tgkill", K::Signal, T::SignalDest, 0, 2},
    {"rt_sigqueueinfo", K::Signal, T::SignalDest, 0, 1},
    {"rt_tgsigqueueinfo", K::Signal, T::SignalDest, 0, 2},
    {"pidfd_send_signal", K::Signal, T::Call},
    {"ptrace", K::Ptrace, T::Call},
    {"process_vm_readv", K::Ptrace, T::Call},
    {"process_vm_writev", K::Ptrace, T::Call},
    {"pidfd_getfd", K::Ptrace, T::Call},
    // ---- memory ----
    {"mmap", K::Map, T::MapFd, 4},
    {"mmap2", K::Map, T::MapFd, 4},
    {"mremap", K::Map, T::Name},
    {"mprotect", K::Map, T::Name},
    {"pkey_mprotect", K::Map, T::Name},
    {"brk", K::Map, T::Name},
    {"munmap", K::Unmap, T::Name},
    // ---- identity ----
    {"setuid", K::Privilege, T::Call},
    {"setgid", K::Privilege, T::Call},
    {"setreuid", K::Privilege, T::Call},
    {"setregid", K::Privilege, T::Call},
    {"setresuid", K::Privilege, T::Call},
    {"setresgid", K::Privilege, T::Call},
    {"setfsuid", K::Privilege, T::Call},
    {"setfsgid", K::Privilege, T::Call},
    {"setgroups", K::Privilege, T::Call},
    {"setuid32", K::Privilege, T::Call},
    {"setgid32", K::Privilege, T::Call},
    {"setreuid32", K::Privilege, T::Call},
    {"setregid32", K::Privilege, T::Call},
    {"setresuid32", K::Privilege, T::Call},
    {"setresgid32", K::Privilege, T::Call},
    {"setgroups32", K::Privilege, T::Call},
    {"capset", K::Privilege, T::Call},
    // ---- namespaces and mounts ----
    {"unshare", K::Namespace, T::Call},
    {"setns", K::Namespace, T::Call},
    {"mount", K::Namespace, T::Call},
    {"umount", K::Namespace, T::Call},
    {"umount2", K::Namespace, T::Call},
    {"mount_setattr", K::Namespace, T::Call},
    {"pivot_root", K::Namespace, T::Call},
    {"chroot", K::Namespace, T::Call},
};

constexpr ActionRule kUnknown{"", K::Other, T::Name};

// Built once per process from the constant table; read-only afterwards.
const std::unordered_map<std::string_view, const ActionRule*>& rule_index() {
  static const auto index = [] {
    std::unordered_map<std::string_view, const ActionRule*> m;
    m.reserve(std::size(kRules));
    for (const ActionRule& r : kRules) m.emplace(r.syscall, &r);
    return m;
  }();
  return index;
}

}  // namespace

const ActionRule& action_rule(std::string_view syscall) {
  const auto& index = rule_index();
  const auto it = index.find(syscall);
  return it == index.end() ? kUnknown : *it->second;
}

ActionRuleSpan all_action_rules() { return {kRules, std::size(kRules)}; }

}  // namespace capsule
