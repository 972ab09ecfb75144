// A finding: one rule that matched, with the process it is about and the events (by seq) that
// made it match. One record of risks.jsonl (docs/RULES.md, "risks.jsonl").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/rule.h"

namespace capsule {

struct Finding {
  uint64_t number = 0;        // 0, 1, 2, … in the order found
  int64_t ts_us = 0;          // time of the last evidence event
  std::string rule;
  Severity severity = Severity::Info;
  int32_t pid = 0;
  std::string exe;            // "" when unknown
  std::vector<std::string> argv;
  std::string description;
  std::string host;           // the host name of the last evidence event's peer ("" when none)
  std::vector<uint64_t> evidence;  // seq numbers of the events, in stream order
};

// The record (without newline or chain field): keys in the order of docs/RULES.md.
void append_finding_json(const Finding& f, std::string& out);

// How many findings of each severity, and the few a person should see at the end of a run.
struct FindingTally {
  uint64_t total = 0;
  uint64_t by_severity[5] = {};
  struct Brief {
    std::string rule;
    Severity severity;
    std::string description;
  };
  std::vector<Brief> first;  // the first findings (kMaxBrief), in the order found
  static constexpr size_t kMaxBrief = 64;

  void add(const Finding& f);
  uint64_t at_least(Severity s) const;
  std::optional<Severity> worst() const;
};

}  // namespace capsule
