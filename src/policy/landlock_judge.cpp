#include "policy/landlock_judge.h"
#include "base/ascii_text.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

namespace capsule {
namespace {

// Where a call's path arguments are: the dirfd index (-1: none, the cwd) and the path index.
struct PathSpot {
  std::string_view name;
  int dirfd;
  int path;
  FsAccess access;
  bool parent;  // the access is on the directory holding the path (entries made or removed)
};

constexpr std::array<PathSpot, 21> kSpots{{
    {"open", -1, 0, FsAccess::Read, false},     {"openat", 0, 1, FsAccess::Read, false},
    {"creat", -1, 0, FsAccess::Write, false},    {"truncate", -1, 0, FsAccess::Write, false},
    {"execve", -1, 0, FsAccess::Execute, false}, {"execveat", 0, 1, FsAccess::Execute, false},
    {"mkdir", -1, 0, FsAccess::Write, true},     {"mkdirat", 0, 1, FsAccess::Write, true},
    {"mknod", -1, 0, FsAccess::Write, true},     {"mknodat", 0, 1, FsAccess::Write, true},
    {"unlink", -1, 0, FsAccess::Write, true},    {"unlinkat", 0, 1, FsAccess::Write, true},
    {"rmdir", -1, 0, FsAccess::Write, true},     {"rename", -1, 1, FsAccess::Write, true},
    {"renameat", 2, 3, FsAccess::Write, true},   {"renameat2", 2, 3, FsAccess::Write, true},
    {"link", -1, 1, FsAccess::Write, true},      {"linkat", 2, 3, FsAccess::Write, true},
    {"symlink", -1, 1, FsAccess::Write, true},   {"symlinkat", 1, 2, FsAccess::Write, true},
    {"openat2", 0, 1, FsAccess::Read, false},
}};

std::string canonical(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? std::filesystem::path(path).lexically_normal().string() : p.string();
}

std::string proc_link(pid_t tid, const std::string& what) {
  std::error_code ec;
  const auto target = std::filesystem::read_symlink("/proc/" + std::to_string(tid) + "/" + what, ec);
  return ec ? std::string() : target.string();
}

// O_WRONLY/O_RDWR, O_CREAT, O_TRUNC ask for write; O_RDONLY alone for read.
FsAccess open_access(const Arg& flags) {
  const auto bits = static_cast<uint64_t>(flags.num);
  return (bits & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0 ? FsAccess::Write : FsAccess::Read;
}

uint16_t port_of(const Arg& addr) {
  for (const Arg& field : addr.items) {
    if (field.name == "sin_port" || field.name == "sin6_port") return static_cast<uint16_t>(field.num);
  }
  return 0;
}

bool is_inet(const Arg& addr) {
  return std::any_of(addr.items.begin(), addr.items.end(), [](const Arg& f) {
    return f.name == "sa_family" && (f.text == "AF_INET" || f.text == "AF_INET6");
  });
}

// base(dirfd) is the directory a relative path starts from: the dirfd's (an fd number) or the
// working directory's (nullopt: AT_FDCWD or a call without dirfd); "" when unknown.
LandlockAsk ask_of(const SyscallEvent& ev, const std::function<std::string(std::optional<int64_t>)>& base_of) {
  LandlockAsk ask;
  if ((ev.name == "connect" || ev.name == "bind") && ev.args.size() > 1 && is_inet(ev.args[1])) {
    ask.kind = ev.name == "bind" ? LandlockAsk::Bind : LandlockAsk::Connect;
    ask.port = port_of(ev.args[1]);
    return ask;
  }
  const auto spot = std::find_if(kSpots.begin(), kSpots.end(), [&](const PathSpot& s) { return s.name == ev.name; });
  if (spot == kSpots.end() || static_cast<size_t>(spot->path) >= ev.args.size()) return ask;
  const Arg& path = ev.args[static_cast<size_t>(spot->path)];
  if (path.kind != ArgKind::Str || path.truncated) return ask;
  std::string full = path.text;
  if (full.empty() || full[0] != '/') {
    const bool has_dirfd = spot->dirfd >= 0 && static_cast<size_t>(spot->dirfd) < ev.args.size() &&
                           ev.args[static_cast<size_t>(spot->dirfd)].kind == ArgKind::Fd;
    const std::string base =
        base_of(has_dirfd ? std::optional<int64_t>(ev.args[static_cast<size_t>(spot->dirfd)].num) : std::nullopt);
    if (base.empty()) return ask;
    full = base + "/" + full;
  }
  ask.kind = LandlockAsk::Path;
  ask.access = spot->access;
  if (ev.name == "open" && ev.args.size() > 1) ask.access = open_access(ev.args[1]);
  if (ev.name == "openat" && ev.args.size() > 2) ask.access = open_access(ev.args[2]);
  const std::string normal = std::filesystem::path(full).lexically_normal().string();
  ask.path = spot->parent ? std::filesystem::path(normal).parent_path().string() : normal;
  return ask;
}

}  // namespace

LandlockJudge::LandlockJudge(LandlockPolicy policy, bool net_enforced) : policy_(std::move(policy)), net_(net_enforced) {
  // Rules hold inodes (the kernel opened each path): compare resolved paths with resolved paths.
  for (FsRule& r : policy_.fs) r.path = canonical(r.path);
}

bool LandlockJudge::grants(const std::string& path, FsAccess a) const {
  const std::string resolved = canonical(path);
  return std::any_of(policy_.fs.begin(), policy_.fs.end(), [&](const FsRule& r) {
    const bool right = a == FsAccess::Read ? r.read : a == FsAccess::Write ? r.write : r.execute;
    return right && path_beneath(resolved, r.path);
  });
}

bool LandlockJudge::refuses(const LandlockAsk& ask) const {
  switch (ask.kind) {
    case LandlockAsk::None: return false;
    case LandlockAsk::Path: return !grants(ask.path, ask.access);
    case LandlockAsk::Bind:
      return net_ && policy_.net && !std::binary_search(policy_.net->bind_tcp.begin(), policy_.net->bind_tcp.end(), ask.port);
    case LandlockAsk::Connect:
      return net_ && policy_.net &&
             !std::binary_search(policy_.net->connect_tcp.begin(), policy_.net->connect_tcp.end(), ask.port);
  }
  return false;
}

bool LandlockJudge::refuses_live(const SyscallEvent& ev, pid_t tid) const {
  return refuses(ask_of(ev, [tid](std::optional<int64_t> dirfd) {
    return proc_link(tid, dirfd ? "fd/" + std::to_string(*dirfd) : "cwd");
  }));
}

LandlockAsk recorded_ask(const SyscallEvent& ev, std::string_view cwd) {
  return ask_of(ev, [&](std::optional<int64_t> dirfd) {
    // The enricher's (or strace -yy's) names: "3</src>" for a dirfd, AT_FDCWD</src> for the cwd.
    const int64_t want = dirfd ? *dirfd : kAtFdcwdRef;
    const auto ref = std::find_if(ev.fd_refs.begin(), ev.fd_refs.end(), [&](const FdRef& r) { return r.fd == want; });
    if (ref != ev.fd_refs.end() && ref->ref.starts_with('/')) return ref->ref;
    return dirfd ? std::string() : std::string(cwd);
  });
}

}  // namespace capsule
