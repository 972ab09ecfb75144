#include "enrich/syscall_rules.h"

#include <fcntl.h>
#include <sys/socket.h>

#include <unordered_map>

namespace capsule {
namespace {

// Close-on-exec flags whose value equals O_CLOEXEC (EFD_, EPOLL_, SFD_, TFD_, IN_CLOEXEC and
// userfaultfd's) use O_CLOEXEC; the others carry their own values from the uapi headers.
constexpr uint64_t kOCloexec = O_CLOEXEC;
constexpr uint64_t kMfdCloexec = 0x1;         // MFD_CLOEXEC
constexpr uint64_t kFanCloexec = 0x1;         // FAN_CLOEXEC
constexpr uint64_t kPerfFlagFdCloexec = 0x8;  // PERF_FLAG_FD_CLOEXEC

using Table = std::unordered_map<std::string_view, SyscallRule>;

Table build_table() {
  Table t;
  const auto open_rule = [](std::string_view flags_arg, size_t index) {
    return SyscallRule{Effect::Open, {}, flags_arg, index, "O_CLOEXEC", kOCloexec};
  };
  t.emplace("open", open_rule("flags", 1));
  t.emplace("openat", open_rule("flags", 2));
  // openat2's flags live in the open_how struct; handled in the effect.
  t.emplace("openat2", SyscallRule{Effect::Open, {}, {}, 0, "O_CLOEXEC", kOCloexec});
  t.emplace("creat", SyscallRule{Effect::Open});
  t.emplace("socket", SyscallRule{Effect::Socket, {}, "type", 1, "SOCK_CLOEXEC", SOCK_CLOEXEC});
  SyscallRule pair{Effect::SocketPair, {}, "type", 1, "SOCK_CLOEXEC", SOCK_CLOEXEC};
  pair.fd_output_array = true;
  t.emplace("socketpair", pair);
  t.emplace("accept", SyscallRule{Effect::Accept});
  t.emplace("accept4", SyscallRule{Effect::Accept, {}, "flags", 3, "SOCK_CLOEXEC", SOCK_CLOEXEC});
  t.emplace("connect", SyscallRule{Effect::Connect});
  t.emplace("bind", SyscallRule{Effect::Bind});
  t.emplace("dup", SyscallRule{Effect::Dup});
  t.emplace("dup2", SyscallRule{Effect::Dup});
  t.emplace("dup3", SyscallRule{Effect::Dup, {}, "flags", 2, "O_CLOEXEC", kOCloexec});
  t.emplace("fcntl", SyscallRule{Effect::Fcntl});
  t.emplace("fcntl64", SyscallRule{Effect::Fcntl});
  SyscallRule pipe{Effect::Pipe};
  pipe.fd_output_array = true;
  t.emplace("pipe", pipe);
  SyscallRule pipe2{Effect::Pipe, {}, "flags", 1, "O_CLOEXEC", kOCloexec};
  pipe2.fd_output_array = true;
  t.emplace("pipe2", pipe2);

  const auto anon = [&t](std::string_view name, std::string_view ref, std::string_view flags_arg,
                         size_t index, std::string_view symbol, uint64_t bit) {
    t.emplace(name, SyscallRule{Effect::AnonFd, ref, flags_arg, index, symbol, bit});
  };
  anon("eventfd", "anon_inode:[eventfd]", {}, 0, {}, 0);
  anon("eventfd2", "anon_inode:[eventfd]", "flags", 1, "EFD_CLOEXEC", kOCloexec);
  anon("epoll_create", "anon_inode:[eventpoll]", {}, 0, {}, 0);
  anon("epoll_create1", "anon_inode:[eventpoll]", "flags", 0, "EPOLL_CLOEXEC", kOCloexec);
  anon("signalfd", "anon_inode:[signalfd]", {}, 0, {}, 0);
  anon("signalfd4", "anon_inode:[signalfd]", "flags", 3, "SFD_CLOEXEC", kOCloexec);
  anon("timerfd_create", "anon_inode:[timerfd]", "flags", 1, "TFD_CLOEXEC", kOCloexec);
  anon("inotify_init", "anon_inode:inotify", {}, 0, {}, 0);
  anon("inotify_init1", "anon_inode:inotify", "flags", 0, "IN_CLOEXEC", kOCloexec);
  anon("fanotify_init", "anon_inode:[fanotify]", "flags", 0, "FAN_CLOEXEC", kFanCloexec);
  anon("userfaultfd", "anon_inode:[userfaultfd]", "flags", 0, "O_CLOEXEC", kOCloexec);
  anon("perf_event_open", "anon_inode:[perf_event]", "flags", 4, "PERF_FLAG_FD_CLOEXEC",
       kPerfFlagFdCloexec);
  anon("memfd_create", {}, "flags", 1, "MFD_CLOEXEC", kMfdCloexec);
  SyscallRule pidfd{Effect::AnonFd, "anon_inode:[pidfd]"};
  pidfd.always_cloexec = true;
  t.emplace("pidfd_open", pidfd);
  SyscallRule uring{Effect::AnonFd, "anon_inode:[io_uring]"};
  uring.always_cloexec = true;
  t.emplace("io_uring_setup", uring);

  t.emplace("close", SyscallRule{Effect::Close});
  t.emplace("close_range", SyscallRule{Effect::CloseRange});
  t.emplace("getdents", SyscallRule{Effect::Getdents});
  t.emplace("getdents64", SyscallRule{Effect::Getdents});

  for (std::string_view name : {"fork", "vfork", "clone", "clone3"}) {
    t.emplace(name, SyscallRule{Effect::Fork});
  }
  t.emplace("execve", SyscallRule{Effect::Exec});
  t.emplace("execveat", SyscallRule{Effect::Exec});
  t.emplace("chdir", SyscallRule{Effect::Chdir});
  t.emplace("fchdir", SyscallRule{Effect::Fchdir});
  // The 16-bit i386 variants (setuid16…) are named "…32" for the 32-bit-id versions there.
  const std::pair<std::string_view, Effect> ids[] = {
      {"setuid", Effect::SetUid}, {"setuid32", Effect::SetUid},
      {"setreuid", Effect::SetReUid}, {"setreuid32", Effect::SetReUid},
      {"setresuid", Effect::SetResUid}, {"setresuid32", Effect::SetResUid},
      {"setfsuid", Effect::SetFsUid}, {"setfsuid32", Effect::SetFsUid},
      {"setgid", Effect::SetGid}, {"setgid32", Effect::SetGid},
      {"setregid", Effect::SetReGid}, {"setregid32", Effect::SetReGid},
      {"setresgid", Effect::SetResGid}, {"setresgid32", Effect::SetResGid},
      {"setfsgid", Effect::SetFsGid}, {"setfsgid32", Effect::SetFsGid},
      {"setgroups", Effect::SetGroups}, {"setgroups32", Effect::SetGroups},
      {"capset", Effect::Capset}, {"prctl", Effect::Prctl}, {"unshare", Effect::Unshare}, {"setns", Effect::Setns}};
  for (const auto& [name, effect] : ids) t.emplace(name, SyscallRule{effect});
  return t;
}

const Table& table() {
  static const Table kTable = build_table();  // immutable after first use
  return kTable;
}

}  // namespace

const SyscallRule* find_rule(std::string_view syscall) {
  const auto it = table().find(syscall);
  return it == table().end() ? nullptr : &it->second;
}

void for_each_rule(const std::function<void(std::string_view, const SyscallRule&)>& fn) {
  for (const auto& [name, rule] : table()) fn(name, rule);
}

}  // namespace capsule
