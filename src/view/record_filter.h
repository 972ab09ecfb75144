// Which records `capsule tail` shows (#25): by process, program, kind, path and severity, so
// that a reader can follow one thing in a busy run. Matched on the same columns tail prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::view {

struct RecordFilter {
  std::optional<long long> pid;    // --pid: the record's process (or thread)
  std::string exe;                 // --exe GLOB: the program, by base name or full path
  std::vector<std::string> kinds;  // --kind: action kinds, syscall names or rule ids (any case)
  std::string path;                // --path GLOB: the record's target (path, fd, peer)
  std::optional<int> min_severity; // --min-severity: 0 info … 4 critical; records without one are left out

  bool empty() const { return !pid && exe.empty() && kinds.empty() && path.empty() && !min_severity; }
  // Whether the stored line of `stream` passes (an unparsable JSON line does not).
  bool matches(std::string_view stream, std::string_view line) const;
};

// 0 for "info" … 4 for "critical"; nullopt for anything else.
std::optional<int> severity_rank(std::string_view name);

}  // namespace capsule::view
