#include "enrich/proc_snapshot.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "base/device_suffix.h"
#include "base/number_parse.h"

namespace capsule {
namespace {

std::optional<std::string> read_link(const std::string& path) {
  std::string buf(256, '\0');
  for (;;) {
    const ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0) return std::nullopt;
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      return buf;
    }
    buf.resize(buf.size() * 2);  // possibly truncated: retry bigger
  }
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

template <class T>
std::optional<T> parse_number(std::string_view text, int base = 10) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return parse_leading<T>(text, base);
}

// Whitespace-separated unsigned numbers ("1000\t1000\t1000\t1000").
std::vector<uint32_t> parse_id_list(std::string_view text) {
  std::vector<uint32_t> ids;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j > i) {
      if (auto v = parse_number<uint32_t>(text.substr(i, j - i))) ids.push_back(*v);
    }
    i = j;
  }
  return ids;
}

void parse_status(std::string_view status, ProcessSnapshot& snap) {
  size_t pos = 0;
  while (pos < status.size()) {
    size_t end = status.find('\n', pos);
    if (end == std::string_view::npos) end = status.size();
    const std::string_view line = status.substr(pos, end - pos);
    pos = end + 1;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    Credentials& c = snap.cred;
    if (key == "PPid") {
      snap.ppid = parse_number<int32_t>(value);
    } else if (key == "Uid" || key == "Gid") {
      const auto ids = parse_id_list(value);
      if (ids.size() != 4) continue;
      if (key == "Uid") {
        c.uid = ids[0]; c.euid = ids[1]; c.suid = ids[2]; c.fsuid = ids[3];
      } else {
        c.gid = ids[0]; c.egid = ids[1]; c.sgid = ids[2]; c.fsgid = ids[3];
      }
    } else if (key == "Groups") {
      c.groups = parse_id_list(value);
    } else if (key == "CapEff") {
      c.cap_eff = parse_number<uint64_t>(value, 16);
    } else if (key == "CapPrm") {
      c.cap_prm = parse_number<uint64_t>(value, 16);
    } else if (key == "CapBnd") {
      c.cap_bnd = parse_number<uint64_t>(value, 16);
    } else if (key == "NoNewPrivs") {
      if (const auto v = parse_number<int>(value)) snap.no_new_privs = *v != 0;
    }
  }
}

// "net:[4026531840]" -> 4026531840.
std::optional<uint64_t> ns_inode(std::string_view link) {
  const size_t open = link.find(":[");
  if (open == std::string_view::npos || link.back() != ']') return std::nullopt;
  return parse_number<uint64_t>(link.substr(open + 2, link.size() - open - 3));
}

// The cgroup v2 line ("0::/path") when present, otherwise the first v1 hierarchy's path.
std::optional<std::string> pick_cgroup(std::string_view text) {
  std::optional<std::string> first;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const size_t c1 = line.find(':');
    const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
    if (c2 == std::string_view::npos) continue;
    std::string path(line.substr(c2 + 1));
    if (line.substr(0, c2) == "0:") return path;
    if (!first) first = std::move(path);
  }
  return first;
}

void read_fds(const std::string& base, ProcessSnapshot& snap, SnapshotFds which) {
  DIR* dir = ::opendir((base + "/fd").c_str());
  if (dir == nullptr) return;
  while (const dirent* de = ::readdir(dir)) {
    const auto fd = parse_number<int64_t>(de->d_name);
    if (!fd) continue;
    SnapshotFd entry;
    entry.fd = *fd;
    if (auto info = read_file(base + "/fdinfo/" + de->d_name)) {
      const size_t at = info->find("flags:");
      if (at != std::string::npos) {
        const auto flags = parse_number<uint64_t>(std::string_view(*info).substr(at + 6), 8);
        entry.cloexec = flags && (*flags & O_CLOEXEC) != 0;
      }
    }
    if (entry.cloexec && which == SnapshotFds::SurvivingExec) continue;
    const std::string link_path = base + "/fd/" + de->d_name;
    auto ref = read_link(link_path);
    if (!ref) continue;  // closed meanwhile
    entry.ref = std::move(*ref);
    struct stat st {};
    if (::stat(link_path.c_str(), &st) == 0) {
      entry.directory = S_ISDIR(st.st_mode);
      append_device_suffix(st, entry.ref);  // "/dev/null<char 1:3>", as the tracer names new ones
    }
    snap.fds.push_back(std::move(entry));
  }
  ::closedir(dir);
  std::sort(snap.fds.begin(), snap.fds.end(),
            [](const SnapshotFd& a, const SnapshotFd& b) { return a.fd < b.fd; });
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::optional<std::string> container_id_from_cgroup(std::string_view path) {
  // A run of exactly 64 hex digits: the id docker, containerd, cri-o and podman all use.
  size_t i = 0;
  while (i < path.size()) {
    if (!is_hex(path[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < path.size() && is_hex(path[j])) ++j;
    if (j - i == 64) return std::string(path.substr(i, 12));
    i = j;
  }
  return std::nullopt;
}

std::optional<ProcessSnapshot> read_proc_snapshot(int pid, SnapshotFds which) {
  return read_proc_snapshot("/proc", pid, which);
}

std::optional<ProcessSnapshot> read_proc_snapshot(std::string_view proc_root, int pid, SnapshotFds which) {
  const std::string base = std::string(proc_root) + "/" + std::to_string(pid);
  const auto status = read_file(base + "/status");
  if (!status || status->empty()) return std::nullopt;
  ProcessSnapshot snap;
  snap.pid = pid;
  parse_status(*status, snap);
  snap.exe = read_link(base + "/exe");
  snap.cwd = read_link(base + "/cwd");
  if (auto cmdline = read_file(base + "/cmdline"); cmdline && !cmdline->empty()) {
    std::vector<std::string> argv;
    size_t pos = 0;
    while (pos < cmdline->size()) {
      size_t end = cmdline->find('\0', pos);
      if (end == std::string::npos) end = cmdline->size();
      argv.emplace_back(cmdline->substr(pos, end - pos));
      pos = end + 1;
    }
    snap.argv = std::move(argv);
  }
  for (size_t k = 0; k < kNsKindCount; ++k) {
    const auto kind = static_cast<NsKind>(k);
    if (auto link = read_link(base + "/ns/" + std::string(ns_kind_name(kind)))) {
      snap.ns[k] = ns_inode(*link);
    }
  }
  if (auto cgroup = read_file(base + "/cgroup")) {
    snap.cgroup = pick_cgroup(*cgroup);
    if (snap.cgroup) snap.container_id = container_id_from_cgroup(*snap.cgroup);
  }
  read_fds(base, snap, which);
  return snap;
}

}  // namespace capsule
