#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "summary/run_summary.h"

namespace capsule::summary {
namespace {

using json = nlohmann::json;

// Where every program reads from: libraries, locales, configuration, the kernel's files. A read
// elsewhere (a home directory, another project, a mounted secret) is worth a look.
constexpr std::array<std::string_view, 13> kSystemDirs = {"/usr/", "/lib/", "/lib32/", "/lib64/", "/bin/",
                                                          "/sbin/", "/etc/", "/proc/", "/sys/", "/dev/",
                                                          "/run/", "/var/lib/", "/var/cache/"};
// Writes there are to terminals and kernel files, not files.
constexpr std::array<std::string_view, 3> kNotFiles = {"/dev/", "/proc/", "/sys/"};

template <size_t N>
bool under_any(std::string_view path, const std::array<std::string_view, N>& dirs) {
  return std::any_of(dirs.begin(), dirs.end(), [&](std::string_view d) { return path.starts_with(d); });
}

std::string text_of(const json& r, const char* key) {
  const auto it = r.find(key);
  return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint64_t count_of(const json& r, const char* key) {
  const auto it = r.find(key);
  return it != r.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

int32_t pid_of(const json& r) {
  const auto it = r.find("pid");
  return it != r.end() && it->is_number_integer() ? it->get<int32_t>() : 0;
}

std::optional<int> number_in(std::string_view text) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// The remote end of an action's target: "TCP:[10.0.0.2:4000->203.0.113.80:443]" or, for a
// connect or sendto, "203.0.113.80:443" / "[2001:db8::1]:53". False for unix sockets and
// anything else.
bool remote_of(std::string_view kind, std::string_view target, std::string& address, int& port) {
  std::string_view remote;
  if (const size_t arrow = target.find("->"); arrow != std::string_view::npos) {
    remote = target.substr(arrow + 2);
    if (remote.ends_with(']')) remote.remove_suffix(1);
  } else if (kind == "Connect" || kind == "Send") {
    remote = target;
  }
  if (remote.empty() || remote.front() == '/' || remote.front() == '@') return false;
  std::string_view ip;
  if (remote.front() == '[') {
    const size_t close = remote.find("]:");
    if (close == std::string_view::npos) return false;
    ip = remote.substr(1, close - 1);
    remote.remove_prefix(close + 2);
  } else {
    const size_t colon = remote.rfind(':');
    if (colon == std::string_view::npos || remote.find(':') != colon) return false;
    ip = remote.substr(0, colon);
    remote.remove_prefix(colon + 1);
  }
  const auto p = number_in(remote);
  if (!p || ip.empty()) return false;
  address.assign(ip);
  port = *p;
  return true;
}

int severity_rank(std::string_view s) {
  constexpr std::array<std::string_view, 5> kOrder = {"info", "low", "medium", "high", "critical"};
  for (size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == s) return static_cast<int>(i);
  }
  return -1;
}

// Files by directory, at most kMaxListed named per directory.
std::vector<WrittenDir> listed(const std::map<std::string, std::map<std::string, uint64_t>>& dirs) {
  std::vector<WrittenDir> out;
  for (const auto& [dir, files] : dirs) {
    WrittenDir d;
    d.dir = dir;
    for (const auto& [name, bytes] : files) {
      if (d.files.size() < kMaxListed) d.files.push_back({name, bytes});
      else ++d.more;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

void SummaryBuilder::add_manifest(const json& m) {
  if (!m.is_object()) return;
  s_.run_id = text_of(m, "run_id");
  s_.command = text_of(m, "command");
  s_.state = text_of(m, "state");
  s_.backend = text_of(m, "backend");
  if (const auto it = m.find("exit_code"); it != m.end() && it->is_number_integer()) s_.exit_code = it->get<int>();
  s_.syscalls = count_of(m, "syscalls");
  for (auto [key, field] : {std::pair{"start_us", &s_.start_us}, std::pair{"end_us", &s_.end_us}}) {
    if (const auto it = m.find(key); it != m.end() && it->is_number_integer()) *field = it->get<int64_t>();
  }
  project_ = text_of(m, "cwd");
  if (!project_.empty() && !project_.ends_with('/')) project_.push_back('/');
}

Process& SummaryBuilder::process(int32_t pid, const std::string& exe) {
  const auto [it, fresh] = index_.try_emplace(pid, s_.processes.size());
  if (fresh) {
    s_.processes.emplace_back();
    s_.processes.back().pid = pid;
  }
  Process& p = s_.processes[it->second];
  if (p.exe.empty()) p.exe = exe;
  return p;
}

void SummaryBuilder::add_action(const json& a) {
  if (!a.is_object()) return;
  const std::string kind = text_of(a, "kind");
  const std::string target = text_of(a, "target");
  const std::string exe = text_of(a, "exe");
  const int32_t pid = pid_of(a);
  const bool ok = count_of(a, "failed") == 0;
  const uint64_t bytes = count_of(a, "bytes");
  if (pid > 0) {  // every process that acted, spawned under our eyes or not
    Process& p = process(pid, exe);
    const std::string start = text_of(a, "start"), end = text_of(a, "end");
    if (!start.empty() && (p.first.empty() || start < p.first)) p.first = start;  // ISO text sorts as time
    if (end > p.last) p.last = end;
  }
  if (kind == "Spawn" && ok && target.starts_with("pid ")) {
    if (const auto child = number_in(std::string_view(target).substr(4)); child && *child > 0) {
      const bool fresh = !index_.contains(*child);
      Process& c = process(*child, exe);
      if (fresh || c.parent == 0) {
        c.parent = pid;
        process(pid, exe).children.push_back(*child);
      }
    }
  } else if (kind == "Exec" && ok) {
    Process& p = process(pid, exe);
    p.exe = exe.empty() ? target : exe;
    if (const auto it = a.find("argv"); it != a.end() && it->is_array()) {
      p.argv.clear();
      for (const auto& w : *it) {
        if (w.is_string()) p.argv.push_back(w.get<std::string>());
      }
    }
  } else if (kind == "Exit" && (target.starts_with("exited ") || target.starts_with("killed by "))) {
    process(pid, exe).end = target;
  } else if (kind == "Exit" && target.starts_with("thread ")) {
    // "thread 812 exited 0": its clone was a Spawn too, but it is no process of its own.
    const std::string_view rest = std::string_view(target).substr(7);
    if (const auto tid = number_in(rest.substr(0, rest.find(' ')))) threads_.insert(*tid);
  } else if (kind == "Denied") {
    denials_[{exe, target.substr(0, target.find(' '))}] += std::max<uint64_t>(1, count_of(a, "events"));
  }
  std::string address;
  int port = 0;
  if ((kind == "Connect" || kind == "Send" || kind == "Receive" || kind == "Read" || kind == "Write") &&
      remote_of(kind, target, address, port)) {
    Peer& p = peers_[{address, port}];
    p.address = address;
    p.port = port;
    if (p.host.empty()) p.host = text_of(a, "host");
    if (kind == "Connect") p.connects += count_of(a, "events");
    if (kind == "Send" || kind == "Write") p.sent += bytes;
    if (kind == "Receive" || kind == "Read") p.received += bytes;
    return;
  }
  if (!target.starts_with('/')) return;
  const size_t slash = target.rfind('/');
  if (kind == "Read") read_all_[target.substr(0, slash + 1)][target.substr(slash + 1)] += bytes;
  if (kind == "Write" && !under_any(target, kNotFiles)) {
    written_[target.substr(0, slash + 1)][target.substr(slash + 1)] += bytes;
  } else if (kind == "Rename" && ok) {
    const size_t arrow = target.find(" -> ");
    const std::string to = arrow == std::string::npos ? std::string() : target.substr(arrow + 4);
    if (to.starts_with('/')) written_[to.substr(0, to.rfind('/') + 1)].try_emplace(to.substr(to.rfind('/') + 1), 0);
  } else if (kind == "Read" && !under_any(target, kSystemDirs) &&
             (project_.empty() || !target.starts_with(project_))) {
    read_.try_emplace(target, true);
  }
}

void SummaryBuilder::add_finding(const json& f) {
  if (!f.is_object()) return;
  Finding x;
  x.severity = text_of(f, "severity");
  x.rule = text_of(f, "rule");
  x.description = text_of(f, "description");
  x.host = text_of(f, "host");
  x.pid = pid_of(f);
  if (const auto it = f.find("evidence"); it != f.end() && it->is_array()) {
    for (const auto& seq : *it) {
      if (seq.is_number_unsigned()) x.evidence.push_back(seq.get<uint64_t>());
    }
  }
  findings_.emplace_back(severity_rank(x.severity), std::move(x));
}

RunSummary SummaryBuilder::finish() {
  if (!threads_.empty()) {
    std::erase_if(s_.processes, [&](const Process& p) { return threads_.contains(p.pid); });
    for (Process& p : s_.processes) {
      std::erase_if(p.children, [&](int32_t c) { return threads_.contains(c); });
    }
  }
  s_.written = listed(written_);
  s_.read = listed(read_all_);
  for (const auto& [path, unused] : read_) {
    // A file the run wrote and read back is its own.
    const size_t slash = path.rfind('/');
    const auto dir = written_.find(path.substr(0, slash + 1));
    if (dir != written_.end() && dir->second.contains(path.substr(slash + 1))) continue;
    ++s_.read_outside_total;
    if (s_.read_outside.size() < kMaxListed) s_.read_outside.push_back(path);
  }
  for (auto& [key, peer] : peers_) s_.peers.push_back(std::move(peer));
  std::stable_sort(findings_.begin(), findings_.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  for (auto& [rank, f] : findings_) s_.findings.push_back(std::move(f));
  for (const auto& [key, n] : denials_) s_.denials.push_back({key.first, key.second, n});
  return std::move(s_);
}

}  // namespace capsule::summary
