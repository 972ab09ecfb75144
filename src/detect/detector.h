// The detection stage: evaluates the rules on each event (after the enricher, so that fds,
// paths and the process context are those of that moment) and reports findings.
//
// Cost: rules are indexed by syscall name, so an event is only checked against the steps that
// name its syscall (most events — read, write, mmap — meet none); conditions are evaluated in
// the order written and stop at the first that fails; globs are compiled at load time. A step
// that names no syscall but requires `denied in …` is only checked on refused calls. A step
// after the first of a sequence is only evaluated while a sequence waits for it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detect/condition_match.h"
#include "detect/finding.h"
#include "detect/process_tracker.h"
#include "detect/rule.h"
#include "enrich/enricher.h"
#include "event/syscall_event.h"

namespace capsule {

class Detector {
 public:
  using Sink = std::function<void(const Finding&)>;
  static constexpr size_t kMaxEvidence = 16;     // seqs kept per finding
  static constexpr size_t kMaxPending = 256;     // sequences waiting per rule
  static constexpr uint64_t kMaxFindings = 10000;

  // Only enabled rules are kept.
  Detector(const std::vector<Rule>& rules, Sink sink);

  // One event in stream order, right after Enricher::process(ev) (context_of must describe ev).
  void feed(const SyscallEvent& ev, const Enricher& enr);
  // End of the run: sequences still waiting are dropped (they did not complete).
  void finish();
  // A finding another stage made (complain mode's would-be refusals, one per call): numbered,
  // counted and written as the rules' are, within kMaxFindings, never merged with another.
  void report(Finding f);

  const FindingTally& tally() const { return tally_; }
  size_t rule_count() const { return rules_.size(); }
  // Findings not written because an identical one (same rule and description) was, or past kMaxFindings.
  uint64_t repeats() const { return repeats_; }

 private:
  struct StepRef {
    uint32_t rule;
    uint32_t step;
  };
  struct IndexEntry {
    std::vector<StepRef> steps;  // per rule, later steps first
    bool creates = false;        // the syscall can create a file (ProcessTracker::note_created)
    bool identity = false;       // the syscall can change the process's identity
  };
  const IndexEntry* entry_for(const SyscallEvent& ev);
  struct Pending {
    int32_t anchor = 0;      // pid of the first step's event (0 for scope run)
    uint32_t next = 1;       // the step waited for
    int64_t last_ts = 0;
    std::vector<uint64_t> evidence;
    std::vector<std::string> captures;  // per placeholder
  };

  void check(const StepRef& ref, EventView& view);
  void capture(const Rule& rule, EventView& view, std::vector<std::string>& captures);
  void emit(const Rule& rule, EventView& view, std::vector<uint64_t> evidence,
            const std::vector<std::string>& captures);
  void note_creations(EventView& view);
  bool in_scope(const Rule& rule, const Pending& p, int32_t pid) const;

  std::vector<Rule> rules_;
  std::unordered_map<std::string, IndexEntry> by_syscall_;
  // x86_64 syscall number → entry (nullptr: none), filled on first sight of each number, so that
  // most events cost an array read instead of hashing their name.
  static constexpr int kNrCache = 512;
  std::vector<const IndexEntry*> by_nr_;
  std::vector<uint8_t> nr_known_;
  std::vector<StepRef> any_event_;
  std::vector<StepRef> denied_event_;  // steps that can only match a refused call
  std::vector<std::vector<Pending>> pending_;  // per rule
  ProcessTracker tracker_;
  ConditionMatcher matcher_;
  std::unordered_set<std::string> seen_;
  FindingTally tally_;
  uint64_t repeats_ = 0;
  Sink sink_;
  std::vector<FieldItem> items_;
};

}  // namespace capsule
