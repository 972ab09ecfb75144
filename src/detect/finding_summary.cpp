#include "detect/finding_summary.h"

#include <fmt/core.h>

#include <algorithm>

namespace capsule {
namespace {

constexpr size_t kIdsShown = 5;

}  // namespace

std::vector<std::string> finding_summary_lines(const FindingTally& tally) {
  std::vector<std::string> lines;
  if (tally.total == 0) return lines;
  // The ids, most severe first (stable: in the order found within a severity), without repeats.
  std::vector<FindingTally::Brief> order = tally.first;
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.severity > b.severity; });
  std::vector<std::string> ids;
  for (const auto& b : order) {
    if (std::find(ids.begin(), ids.end(), b.rule) == ids.end()) ids.push_back(b.rule);
  }
  std::string shown;
  for (size_t i = 0; i < ids.size() && i < kIdsShown; ++i) {
    if (i > 0) shown += ", ";
    shown += ids[i];
  }
  if (ids.size() > kIdsShown) shown += ", …";
  const uint64_t high = tally.at_least(Severity::High);
  const uint64_t critical = tally.by_severity[static_cast<size_t>(Severity::Critical)];
  std::string counts = fmt::format("{} high", high);
  if (critical > 0) counts = fmt::format("{} high, {} of them critical", high, critical);
  lines.push_back(fmt::format("{} finding{} ({}): {}", tally.total, tally.total == 1 ? "" : "s", counts, shown));
  for (const auto& b : order) {
    if (b.severity < Severity::High) break;
    lines.push_back(fmt::format("  {:<8} {}: {}", severity_name(b.severity), b.rule, b.description));
  }
  return lines;
}

}  // namespace capsule
