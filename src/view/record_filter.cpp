#include "view/record_filter.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <charconv>

#include <nlohmann/json.hpp>

#include "view/record_columns.h"
#include "base/ascii_text.h"

namespace capsule::view {
namespace {

bool glob(const std::string& pattern, const std::string& text) { return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0; }

// The columns of a syscalls.log line "PID HH:MM:SS.uuuuuu name(args) = ret": pid and name; the
// whole line stands for the target (a path glob matches anywhere in it).
RecordColumns strace_columns(std::string_view line) {
  RecordColumns c;
  const size_t sp = line.find(' ');
  c.pid = std::string(line.substr(0, sp));
  const size_t sp2 = sp == std::string_view::npos ? sp : line.find(' ', sp + 1);
  if (sp2 != std::string_view::npos) {
    const std::string_view rest = line.substr(sp2 + 1);
    c.what = std::string(rest.substr(0, rest.find('(')));
  }
  c.target = std::string(line);
  return c;
}

}  // namespace

std::optional<int> severity_rank(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kNames{"info", "low", "medium", "high", "critical"};
  const auto it = std::find(kNames.begin(), kNames.end(), name);
  if (it == kNames.end()) return std::nullopt;
  return static_cast<int>(it - kNames.begin());
}

bool RecordFilter::matches(std::string_view stream, std::string_view line) const {
  if (empty()) return true;
  RecordColumns c;
  std::string exe_path;
  std::optional<int> severity;
  if (stream == "syscalls") {
    c = strace_columns(line);
  } else {
    const nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) return false;
    c = (stream == "events" || stream == "enriched") ? event_columns(record) : action_columns(record);
    exe_path = columns::text_of(record, "exe");
    if (const auto it = record.find("severity"); it != record.end() && it->is_string()) {
      severity = severity_rank(it->get<std::string>());
    }
  }
  if (pid) {
    long long p = 0;
    const auto [end, ec] = std::from_chars(c.pid.data(), c.pid.data() + c.pid.size(), p);
    if (ec != std::errc() || end != c.pid.data() + c.pid.size() || p != *pid) return false;
  }
  if (!exe.empty() && !glob(exe, c.exe) && !glob(exe, exe_path)) return false;
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), ascii_lower(c.what)) == kinds.end()) return false;
  if (!path.empty()) {
    const std::string pattern = stream == "syscalls" ? "*" + path + "*" : path;
    if (!glob(pattern, c.target)) return false;
  }
  if (min_severity && (!severity || *severity < *min_severity)) return false;
  return true;
}

}  // namespace capsule::view
