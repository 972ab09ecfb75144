#include "trace/attach_target.h"

#include <dirent.h>
#include <unistd.h>

#include <fmt/core.h>

#include <fstream>
#include <string>

#include "base/number_parse.h"

namespace capsule {

long proc_status_field(pid_t pid, std::string_view key) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ':') {
      std::string_view v(line);
      v.remove_prefix(key.size() + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      return parse_leading<long>(v, 10).value_or(-1);
    }
  }
  return -1;
}

std::vector<pid_t> threads_of(pid_t pid) {
  std::vector<pid_t> out;
  DIR* dir = ::opendir(fmt::format("/proc/{}/task", pid).c_str());
  if (dir == nullptr) return out;
  while (const dirent* de = ::readdir(dir)) {
    if (const auto tid = parse_leading<int>(de->d_name, 10); tid && *tid > 0) out.push_back(*tid);
  }
  ::closedir(dir);
  return out;
}

std::string attach_target_problem(pid_t pid) {
  if (pid <= 0) return fmt::format("{} is not a process id", pid);
  const long tgid = proc_status_field(pid, "Tgid");
  if (tgid < 0) return fmt::format("no process {}", pid);
  // Stopping capsule's own threads or an ancestor waiting for capsule would freeze the run.
  for (pid_t p = ::getpid(); p > 0; p = static_cast<pid_t>(proc_status_field(p, "PPid"))) {
    if (tgid == p) {
      return p == ::getpid() ? fmt::format("{} is capsule itself", pid)
                             : fmt::format("{} is an ancestor of capsule (it would wait on its own tracer)", pid);
    }
    if (p == 1) break;
  }
  if (tgid != pid) return fmt::format("{} is a thread of process {}: attach to the process", pid, tgid);
  return "";
}

}  // namespace capsule
