// What `capsule watch` knows of the run it shows, folded from the records as they are read:
// the process tree and findings through summary's SummaryBuilder (the model `capsule summary`
// and the report use), the newest actions and findings as stored, and counts. Only the actions
// that shape the tree reach the builder, so that a frame's copy of it stays small however many
// files the run touches.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "summary/run_summary.h"

namespace capsule::view::watch {

class WatchModel {
 public:
  // keep: how many of the newest actions and findings are kept for the frame.
  explicit WatchModel(size_t keep = 256) : keep_(keep) {}

  void set_manifest(const nlohmann::json& manifest);
  void add_action(std::string_view line);
  void add_finding(std::string_view line);

  // The run so far: processes (roots have parent 0), findings most severe first, the
  // manifest's command, state and counts.
  summary::RunSummary snapshot() const;
  const std::deque<std::string>& latest_actions() const { return actions_; }  // oldest first
  uint64_t action_count() const { return action_count_; }
  uint64_t finding_count() const { return finding_count_; }
  // Findings by severity: info, low, medium, high, critical.
  const std::array<uint64_t, 5>& by_severity() const { return by_severity_; }

 private:
  size_t keep_;
  summary::SummaryBuilder builder_;
  std::set<int32_t> seen_pids_;
  std::deque<std::string> actions_;
  uint64_t action_count_ = 0;
  uint64_t finding_count_ = 0;
  std::array<uint64_t, 5> by_severity_{};
};

}  // namespace capsule::view::watch
