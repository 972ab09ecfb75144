#include "trace/containment.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "decode/signatures.h"
#include "trace/ptrace/tracee_memory_vm.h"

namespace capsule {
namespace {

std::optional<pid_t> parse_pid(std::string_view s) {
  pid_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

struct ProcStat {
  char state = '?';
  pid_t pgrp = 0;
};

// /proc/PID/stat's state and process group (the fields after the command's closing parenthesis,
// which may itself hold spaces and parentheses). Works for a thread id too.
std::optional<ProcStat> read_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  ProcStat st;
  long ppid = 0, pgrp = 0;
  if (std::sscanf(line.c_str() + close + 1, " %c %ld %ld", &st.state, &ppid, &pgrp) != 3) return std::nullopt;
  st.pgrp = static_cast<pid_t>(pgrp);
  return st;
}

// Alive: exists and is not a zombie. A dead pid cannot be harmed, and the kernel answers for it.
bool alive(const std::optional<ProcStat>& st) { return st && st->state != 'Z' && st->state != 'X'; }

bool outsider(pid_t pid, const InTree& in_tree) { return pid > 0 && !in_tree(pid) && alive(read_stat(pid)); }

// kill()'s group forms, 0 (the caller's group) and -PGID: the group, or 0 for any other form.
pid_t signalled_group(int32_t pid, pid_t tgid) {
  if (pid == 0) {
    const auto st = read_stat(tgid);
    return st ? st->pgrp : 0;
  }
  return pid < -1 && pid != INT32_MIN ? -pid : 0;
}

// The live processes of a group, split into the tree's and the others' (one pass over /proc).
struct GroupMembers {
  bool readable = false;  // /proc could be read
  std::vector<pid_t> inside;
  bool outsider = false;
};

GroupMembers group_members(pid_t pgrp, const InTree& in_tree) {
  GroupMembers g;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return g;
  g.readable = true;
  while (const dirent* e = ::readdir(dir)) {
    const auto pid = parse_pid(e->d_name);
    if (!pid) continue;
    const auto st = read_stat(*pid);
    if (!alive(st) || st->pgrp != pgrp) continue;
    if (in_tree(*pid)) {
      g.inside.push_back(*pid);
    } else {
      g.outsider = true;
    }
  }
  ::closedir(dir);
  return g;
}

bool group_has_outsider(pid_t pgrp, const InTree& in_tree) {
  const GroupMembers g = group_members(pgrp, in_tree);
  return !g.readable || g.outsider;  // cannot tell: refuse
}

// kill()'s destination rules: a pid, 0 (the caller's group), -1 (everyone), -PGID.
bool signal_reaches_outside(int32_t pid, pid_t tgid, const InTree& in_tree) {
  if (pid > 0) return outsider(pid, in_tree);
  if (pid == -1 || pid == INT32_MIN) return true;
  pid_t pgrp = -pid;
  if (pid == 0) {
    const auto st = read_stat(tgid);
    if (!st) return true;
    pgrp = st->pgrp;
  }
  return group_has_outsider(pgrp, in_tree);
}

std::string read_link(const std::string& path) {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// The process a pidfd (or an fd of a /proc/PID directory, which pidfd_send_signal also takes)
// refers to; 0 when the fd is neither, or its process has ended.
pid_t pidfd_target(pid_t tid, int fd) {
  const std::string base = "/proc/" + std::to_string(tid);
  std::ifstream info(base + "/fdinfo/" + std::to_string(fd));
  std::string line;
  while (std::getline(info, line)) {
    if (line.rfind("Pid:", 0) == 0) {
      const auto pid = parse_pid(std::string_view(line).substr(line.find_first_not_of(" \t", 4)));
      return pid && *pid > 0 ? *pid : 0;
    }
  }
  const std::string target = read_link(base + "/fd/" + std::to_string(fd));
  if (target.rfind("/proc/", 0) == 0) return parse_pid(std::string_view(target).substr(6)).value_or(0);
  return 0;
}

std::string read_tracee_string(pid_t tid, uint64_t addr) {
  char buf[PATH_MAX];
  VmTraceeMemory mem(tid);
  const std::string_view got(buf, mem.read(addr, buf, sizeof buf));
  return std::string(got.substr(0, got.find('\0')));
}

// "/proc/N/mem" or "/proc/N/task/T/mem" (a canonical path): whose memory, N or T.
pid_t mem_file_owner(std::string_view real) {
  if (!real.starts_with("/proc/") || !real.ends_with("/mem")) return 0;
  std::string_view mid = real.substr(6, real.size() - 6 - 4);  // "N" or "N/task/T"
  if (const auto task = mid.find("/task/"); task != std::string_view::npos) mid = mid.substr(task + 6);
  return parse_pid(mid).value_or(0);
}

// /proc/self and /proc/thread-self in a tracee's path name the tracee, not capsule.
std::string as_seen_by(std::string path, pid_t tid, pid_t tgid) {
  path = std::filesystem::path(path).lexically_normal().string();
  const std::string process = "/proc/" + std::to_string(tgid);
  const std::string thread = process + "/task/" + std::to_string(tid);
  for (const auto& [name, self] : {std::pair<std::string_view, const std::string&>{"/proc/thread-self", thread},
                                   {"/proc/self", process}}) {
    if (path == name || (path.starts_with(name) && path[name.size()] == '/')) return self + path.substr(name.size());
  }
  return path;
}

constexpr OutsideTreeCall kOutsideTreeCalls[] = {
    {.name = "ptrace", .nonzero = 0},
    {.name = "kill", .nonzero = 1},
    {.name = "rt_sigqueueinfo", .nonzero = 1},
    {.name = "tkill", .nonzero = 1},
    {.name = "tgkill", .nonzero = 2},
    {.name = "rt_tgsigqueueinfo", .nonzero = 2},
    {.name = "pidfd_send_signal", .nonzero = 1},
    {.name = "pidfd_getfd"},
    {.name = "process_vm_readv"},
    {.name = "process_vm_writev"},
    {.name = "open", .open_flags = 1},
    {.name = "openat", .open_flags = 2},
    {.name = "openat2"},  // its flags are in memory (struct open_how)
    {.name = "creat"},    // always a write
};

}  // namespace

std::span<const OutsideTreeCall> outside_tree_calls() { return kOutsideTreeCalls; }

std::vector<pid_t> tree_members_of_group(pid_t pgrp, const InTree& in_tree) {
  return group_members(pgrp, in_tree).inside;
}

Containment::Containment(ContainmentOptions opts) : opts_(opts) {
  struct stat st {};
  if (::stat("/proc", &st) == 0) {
    proc_dev_ = st.st_dev;
    proc_dev_known_ = true;
  }
}

std::optional<Refusal> Containment::check(const RawSyscall& call, pid_t tid, pid_t tgid, const InTree& in_tree) const {
  const SyscallSignature* row = find_syscall(call.arch, call.nr);
  if (row == nullptr) return std::nullopt;
  const std::string_view name = row->name;
  const bool opens = row->facts.access == PathAccess::ByOpenFlags || name == "creat";
  if (!row->facts.guarded && !opens) return std::nullopt;
  if (name == "io_uring_setup") {
    if (opts_.allow_io_uring) return std::nullopt;
    return Refusal{DenyReason::IoUring, ENOSYS};
  }
  if (opts_.allow_outside_tree) return std::nullopt;
  const auto arg = [&](int i) { return static_cast<int32_t>(call.args[i]); };
  const auto listed = std::find_if(std::begin(kOutsideTreeCalls), std::end(kOutsideTreeCalls),
                                   [&](const OutsideTreeCall& c) { return name == c.name; });
  if (listed == std::end(kOutsideTreeCalls)) return std::nullopt;
  // ptrace's request is a long to the kernel, a signal an int.
  if (listed->nonzero >= 0 && (name == "ptrace" ? call.args[0] == 0 : arg(listed->nonzero) == 0)) return std::nullopt;
  if (listed->open_flags >= 0 && (call.args[listed->open_flags] & O_ACCMODE) == O_RDONLY) return std::nullopt;
  bool outside = false;
  if (name == "kill" && arg(1) != 0) {
    if (const pid_t group = signalled_group(arg(0), tgid); group > 0) {
      if (!group_has_outsider(group, in_tree)) return std::nullopt;
      return Refusal{DenyReason::OutsideTree, EPERM, group, arg(1)};
    }
  }
  // The signal (or ptrace's request) is not 0 past this point: kOutsideTreeCalls.
  if (name == "kill" || name == "rt_sigqueueinfo") {
    outside = signal_reaches_outside(arg(0), tgid, in_tree);
  } else if (name == "tkill") {
    outside = outsider(arg(0), in_tree);
  } else if (name == "tgkill" || name == "rt_tgsigqueueinfo") {
    outside = outsider(arg(0), in_tree) || outsider(arg(1), in_tree);
  } else if (name == "pidfd_send_signal" || name == "pidfd_getfd") {
    outside = outsider(pidfd_target(tid, arg(0)), in_tree);
  } else if (name == "ptrace") {
    static_assert(PTRACE_TRACEME == 0);
    outside = outsider(arg(1), in_tree);
  } else if (name == "process_vm_readv" || name == "process_vm_writev") {
    outside = outsider(arg(0), in_tree);
  } else if (opens && proc_dev_known_) {
    // Where the path and its flags are, per call.
    int dirfd = AT_FDCWD;
    uint64_t path_addr = call.args[0];
    uint64_t flags = O_WRONLY;  // creat
    if (name == "open") {
      flags = call.args[1];
    } else if (name == "openat" || name == "openat2") {
      dirfd = arg(0);
      path_addr = call.args[1];
      flags = call.args[2];
      if (name == "openat2") {
        VmTraceeMemory mem(tid);
        if (mem.read(call.args[2], &flags, sizeof flags) != sizeof flags) flags = 0;
      }
    }
    if ((flags & O_ACCMODE) == O_RDONLY) return std::nullopt;
    std::string path = read_tracee_string(tid, path_addr);
    if (path.empty()) return std::nullopt;
    if (path.front() != '/') {
      const std::string base = "/proc/" + std::to_string(tid) +
                               (dirfd == AT_FDCWD ? std::string("/cwd") : "/fd/" + std::to_string(dirfd));
      path = read_link(base) + "/" + path;
    }
    path = as_seen_by(path, tid, tgid);
    // One stat for an ordinary write-open: only a file on procfs can be a /proc/PID/mem.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || st.st_dev != proc_dev_) return std::nullopt;
    char real[PATH_MAX];
    if (::realpath(path.c_str(), real) == nullptr) return std::nullopt;
    outside = outsider(mem_file_owner(real), in_tree);
  }
  if (!outside) return std::nullopt;
  return Refusal{DenyReason::OutsideTree, EPERM};
}

}  // namespace capsule
