#include "report/report_text.h"

#include <fmt/core.h>
#include <pwd.h>
#include <time.h>

#include <map>
#include <set>

namespace capsule::report {

std::string duration_text(int64_t us) {
  if (us < 1000) return fmt::format("{} µs", us);
  if (us < 1000000) return fmt::format("{:.1f} ms", static_cast<double>(us) / 1e3);
  if (us < 60000000) return fmt::format("{:.2f} s", static_cast<double>(us) / 1e6);
  return fmt::format("{} min {} s", us / 60000000, us / 1000000 % 60);
}

std::string time_text(std::optional<int64_t> us) {
  if (!us) return "?";
  const time_t secs = static_cast<time_t>(*us / 1000000);
  tm t{};
  if (gmtime_r(&secs, &t) == nullptr) return "?";
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour,
                     t.tm_min, t.tm_sec);
}

std::string user_text(const ReportModel& m, int32_t pid) {
  const auto it = m.users.find(pid);
  if (it == m.users.end()) return "?";
  // The name as this machine knows the uid: the report is usually read where the run was made.
  passwd pw{};
  passwd* found = nullptr;
  char buf[1024];
  if (getpwuid_r(it->second, &pw, buf, sizeof buf, &found) == 0 && found != nullptr) {
    return fmt::format("{} ({})", found->pw_name, it->second);
  }
  return fmt::format("uid {}", it->second);
}

std::string process_duration(const summary::Process& p) {
  const auto a = iso_micros(p.first), b = iso_micros(p.last);
  return a && b && *b >= *a ? duration_text(*b - *a) : std::string();
}

std::string argv_line(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& w : argv) {
    if (!out.empty()) out.push_back(' ');
    out += w;
    if (out.size() > kMaxArgvChars) {
      out.resize(kMaxArgvChars);  // may cut a UTF-8 sequence: escaping shows its bytes
      return out + "…";
    }
  }
  return out;
}

size_t walk_tree(const summary::RunSummary& s, const std::function<void(const summary::Process&, size_t)>& enter,
                 const std::function<void(const summary::Process&)>& leave) {
  std::map<int32_t, const summary::Process*> by_pid;
  for (const auto& p : s.processes) by_pid.emplace(p.pid, &p);
  std::set<int32_t> seen;
  const auto visit = [&](const auto& self, const summary::Process& p, size_t depth) -> void {
    if (seen.size() >= kMaxProcesses || !seen.insert(p.pid).second) return;
    enter(p, depth);
    for (const int32_t c : p.children) {
      if (const auto it = by_pid.find(c); it != by_pid.end()) self(self, *it->second, depth + 1);
    }
    leave(p);
  };
  for (const auto& p : s.processes) {
    if (p.parent == 0 || !by_pid.contains(p.parent)) visit(visit, p, 0);
  }
  // A process whose parent chain loops (pid reuse) is drawn as a root, so none is lost.
  for (const auto& p : s.processes) visit(visit, p, 0);
  return s.processes.size() - seen.size();
}

}  // namespace capsule::report
