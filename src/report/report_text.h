// Words both renderings share: durations, times, users and the walk of the process tree.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "report/report_model.h"

namespace capsule::report {

std::string duration_text(int64_t us);              // "850 µs", "12.3 ms", "4.56 s", "3 min 2 s"
std::string time_text(std::optional<int64_t> us);   // "2026-11-23 17:30:00 UTC", "?" when unknown
std::string user_text(const ReportModel& m, int32_t pid);  // "root", "uid 1000", "?"
// From its first action's start to its last action's end; "" when unknown.
std::string process_duration(const summary::Process& p);
// argv as one line, cut after kMaxArgvChars (the page of a huge command line stays small).
inline constexpr size_t kMaxArgvChars = 400;
std::string argv_line(const std::vector<std::string>& argv);

// Depth-first over the tree, roots in order of appearance: enter(p, depth) then its children,
// then leave(p). At most kMaxProcesses are entered; returns how many were left out.
size_t walk_tree(const summary::RunSummary& s, const std::function<void(const summary::Process&, size_t)>& enter,
                 const std::function<void(const summary::Process&)>& leave);

}  // namespace capsule::report
