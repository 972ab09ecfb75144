#include "policy/landlock_learn.h"

#include <fcntl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "policy/exec_interpreter.h"
#include "base/ascii_text.h"

namespace capsule {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 13> kSystemRoots{"/usr", "/lib",  "/lib32", "/lib64", "/libx32",
                                                        "/bin", "/sbin", "/etc",   "/opt",   "/proc",
                                                        "/sys", "/dev",  "/run"};
constexpr std::array<std::string_view, 3> kTempRoots{"/tmp", "/var/tmp", "/dev/shm"};

// Calls that add or remove a name in a directory: write on the directory holding each path.
constexpr std::array<std::string_view, 14> kDirectoryWrites{
    "mkdir", "mkdirat", "mknod", "mknodat", "unlink", "unlinkat", "rmdir",
    "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat"};

template <size_t N>
std::string_view root_of(std::string_view path, const std::array<std::string_view, N>& roots) {
  for (std::string_view r : roots) {
    if (path_beneath(path, r)) return r;
  }
  return {};
}

std::string parent_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

enum class Access { Read, Write, Execute };

void grant(FsNetObservations& obs, const std::string& path, bool read, bool write, bool execute) {
  FsRule& r = obs.grants[path];
  r.path = path;
  r.read = r.read || read;
  r.write = r.write || write;
  r.execute = r.execute || execute;
}

// One access of a path (absolute) generalised as the header says.
void note_access(FsNetObservations& obs, const std::string& cwd, std::string path, Access a) {
  if (path.empty() || path[0] != '/') return;
  if (const size_t dev = path.find('<'); dev != std::string::npos) path.resize(dev);  // "/dev/null<char 1:3>"
  const bool r = a == Access::Read, w = a == Access::Write, x = a == Access::Execute;
  if (!cwd.empty() && cwd != "/" && path_beneath(path, cwd)) return grant(obs, cwd, r || x, w, x);
  if (const auto root = root_of(path, kTempRoots); !root.empty()) return grant(obs, std::string(root), true, w, x);
  if (const auto root = root_of(path, kSystemRoots); !root.empty()) {
    if (x) return grant(obs, parent_of(path), true, false, true);
    if (w) return grant(obs, path, false, true, false);
    return grant(obs, std::string(root), true, false, false);
  }
  const std::string dir = is_directory(path) ? path : parent_of(path);
  grant(obs, dir, r || x, w, x);
}

// A whole file executed: itself (by the kernel, with its loader or interpreter) needs read and
// execute, and the loader is rarely in a directory the program executes from.
void note_exec(FsNetObservations& obs, const std::string& cwd, const std::string& path) {
  note_access(obs, cwd, path, Access::Execute);
  for (const std::string& interp : exec_interpreters(path)) {
    grant(obs, interp, true, false, true);
  }
}

// Errors that come before Landlock's check (nothing there, a bad argument) or are a refusal: the
// call reached nothing a rule would grant.
constexpr std::array<std::string_view, 8> kNotReached{"ENOENT", "ENOTDIR", "EACCES", "EPERM",
                                                      "ENAMETOOLONG", "EFAULT", "EINVAL", "EBADF"};

// A call that got past Landlock's check: it succeeded, or failed after it (open of /dev/tty
// without a terminal fails ENXIO in the device, once Landlock has let it through; refusing it
// would change ENXIO into EACCES).
bool reached(const Json& ev) {
  if (ev.contains("denied")) return false;
  const auto err = ev.find("errno");
  if (err != ev.end()) {
    return err->is_string() && std::find(kNotReached.begin(), kNotReached.end(), err->get<std::string>()) == kNotReached.end();
  }
  const auto ret = ev.find("ret");
  return ret != ev.end() && ret->is_number_integer() && ret->get<int64_t>() >= 0;
}

std::string string_arg(const Json& args, const char* key) {
  const auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// open flags as events.jsonl spells them: "O_WRONLY|O_CREAT|O_TRUNC".
bool opens_for_write(const std::string& flags) {
  return flags.find("O_WRONLY") != std::string::npos || flags.find("O_RDWR") != std::string::npos ||
         flags.find("O_CREAT") != std::string::npos || flags.find("O_TRUNC") != std::string::npos;
}
bool opens_for_read(const std::string& flags) {
  return flags.find("O_WRONLY") == std::string::npos;
}

// The kernel's name of the fd an open returned (enriched.jsonl "fds"), else the resolved argument.
std::string opened_path(const Json& enriched, int64_t fd) {
  if (auto fds = enriched.find("fds"); fds != enriched.end() && fds->is_array()) {
    for (const Json& f : *fds) {
      if (f.value("fd", int64_t{-1}) == fd && f.contains("path") && f["path"].is_string()) return f["path"];
    }
  }
  return {};
}

std::vector<std::string> resource_paths(const Json& enriched) {
  std::vector<std::string> out;
  if (auto res = enriched.find("resources"); res != enriched.end() && res->is_array()) {
    for (const Json& r : *res) {
      if (r.contains("path") && r["path"].is_string()) out.push_back(r["path"]);
    }
  }
  return out;
}

void note_socket(FsNetObservations& obs, const std::string& name, const Json& ev) {
  const Json& args = ev["args"];
  const auto addr = args.find("addr");
  if (addr == args.end() || !addr->is_object()) return;
  const std::string family = addr->value("sa_family", std::string());
  const char* port_key = family == "AF_INET" ? "sin_port" : family == "AF_INET6" ? "sin6_port" : nullptr;
  if (port_key == nullptr || !addr->contains(port_key) || !(*addr)[port_key].is_number_unsigned()) return;
  // Landlock's port rules are TCP's: a UDP connect (DNS) needs none.
  const std::string fd = args.contains("sockfd") && args["sockfd"].is_number_integer()
                             ? std::to_string(args["sockfd"].get<int64_t>()) : "";
  const auto fds = ev.find("fds");
  if (fds == ev.end() || !fds->is_object() || !fds->contains(fd) || !(*fds)[fd].is_string()) return;
  if (!(*fds)[fd].get<std::string>().starts_with("TCP")) return;
  const auto port = static_cast<uint16_t>((*addr)[port_key].get<uint64_t>());
  (name == "bind" ? obs.bind_tcp : obs.connect_tcp).insert(port);
}

void note_event(FsNetObservations& obs, const std::string& cwd, const Json& ev, const Json& enriched) {
  const std::string name = ev["syscall"].get<std::string>();
  if (!reached(ev)) return;  // what was not done needs no right
  const Json& args = ev.contains("args") && ev["args"].is_object() ? ev["args"] : Json::object();
  if (name == "open" || name == "openat" || name == "openat2" || name == "creat") {
    std::string flags = name == "creat" ? "O_WRONLY|O_CREAT|O_TRUNC" : string_arg(args, "flags");
    if (name == "openat2" && args.contains("how") && args["how"].is_object()) flags = string_arg(args["how"], "flags");
    std::string path = ev["ret"].is_number_integer() ? opened_path(enriched, ev["ret"].get<int64_t>()) : "";
    if (path.empty()) {
      const auto res = resource_paths(enriched);
      if (res.empty()) return;
      path = res.back();
    }
    if (opens_for_read(flags)) note_access(obs, cwd, path, Access::Read);
    if (opens_for_write(flags)) {
      // Creating needs write on the directory; writing an existing system file, on the file only.
      const bool creates = flags.find("O_CREAT") != std::string::npos;
      note_access(obs, cwd, creates && root_of(path, kSystemRoots).empty() ? parent_of(path) : path, Access::Write);
    }
  } else if (name == "execve" || name == "execveat") {
    for (const auto& p : resource_paths(enriched)) note_exec(obs, cwd, p);
  } else if (std::find(kDirectoryWrites.begin(), kDirectoryWrites.end(), name) != kDirectoryWrites.end()) {
    for (const auto& p : resource_paths(enriched)) note_access(obs, cwd, parent_of(p), Access::Write);
  } else if (name == "truncate") {
    for (const auto& p : resource_paths(enriched)) note_access(obs, cwd, p, Access::Write);
  } else if (name == "bind" || name == "connect") {
    note_socket(obs, name, ev);
  }
}

}  // namespace

void observe_fs_net(const std::filesystem::path& log_dir, const std::string& cwd, FsNetObservations& obs) {
  const auto events_file = stream_file_path(log_dir, run_stream(RunStream::Events).name);
  LineReader events(events_file);
  if (events.error() != 0) throw std::runtime_error("cannot read " + events_file.string() + ": " + events.error_text());
  LineReader enriched(stream_file_path(log_dir, run_stream(RunStream::Enriched).name));
  std::string_view line;
  bool has_newline = false;
  Json enr;
  while (events.next(line, has_newline)) {
    const Json ev = Json::parse(line, nullptr, false);
    if (!ev.is_object() || !ev.contains("syscall") || !ev["syscall"].is_string() || !ev.contains("seq")) continue;
    // The two streams hold one record per event, in the same order (FORMAT.md): step to this seq.
    while ((!enr.is_object() || enr.value("seq", uint64_t{0}) < ev.value("seq", uint64_t{0})) &&
           enriched.next(line, has_newline)) {
      enr = Json::parse(line, nullptr, false);
    }
    const bool same = enr.is_object() && enr.value("seq", uint64_t{0}) == ev.value("seq", uint64_t{0});
    note_event(obs, cwd, ev, same ? enr : Json::object());
  }
}

LandlockPolicy build_landlock_policy(const FsNetObservations& obs) {
  LandlockPolicy p;
  for (const auto& grant : obs.grants) {
    // Named, not structured bindings: the lambda captures them (clang 14, the fuzz build's
    // compiler, cannot capture a structured binding).
    const auto& path = grant.first;
    const auto& rule = grant.second;
    // Covered when an ancestor's rule grants at least as much (the map is sorted: ancestors first).
    const bool covered = std::any_of(p.fs.begin(), p.fs.end(), [&](const FsRule& a) {
      return path_beneath(path, a.path) && (a.read || !rule.read) && (a.write || !rule.write) && (a.execute || !rule.execute);
    });
    if (!covered) p.fs.push_back(rule);
  }
  p.net = NetRules{{obs.bind_tcp.begin(), obs.bind_tcp.end()}, {obs.connect_tcp.begin(), obs.connect_tcp.end()}};
  return p;
}

}  // namespace capsule
